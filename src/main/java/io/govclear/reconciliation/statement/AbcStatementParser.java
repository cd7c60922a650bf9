package io.govclear.reconciliation.statement;

import io.govclear.channel.bank.Bank;
import jakarta.inject.Singleton;

/** ABC's day-end file: see {@link BankDayEndParser}. */
@Singleton
public class AbcStatementParser extends BankDayEndParser {

    public AbcStatementParser() {
        super(Bank.ABC);
    }
}
