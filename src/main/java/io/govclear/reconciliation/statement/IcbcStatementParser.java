package io.govclear.reconciliation.statement;

import io.govclear.channel.bank.Bank;
import jakarta.inject.Singleton;

/** ICBC's day-end file: see {@link BankDayEndParser}. */
@Singleton
public class IcbcStatementParser extends BankDayEndParser {

    public IcbcStatementParser() {
        super(Bank.ICBC);
    }
}
