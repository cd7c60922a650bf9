package io.govclear.reconciliation;

import io.govclear.channel.Channel;
import io.govclear.channel.bank.Bank;
import io.govclear.counter.BankAnswerCode;
import java.util.Arrays;

/**
 * What is particular to reconciling a bank's day-end file: the file is final for its day (a payment missing from it
 * does not wait for the next day's), its discrepancies carry the counter protocol's day-end answer codes, and a
 * completed run marks the bank's confirmations of the day reconciled.
 */
final class BankDay {

    private BankDay() {
    }

    static boolean isBank(Channel channel) {
        return Arrays.stream(Bank.values()).anyMatch(b -> b.channel() == channel);
    }

    static Bank bank(Channel channel) {
        return Arrays.stream(Bank.values()).filter(b -> b.channel() == channel).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(channel + " is not a bank"));
    }

    /** The start of a bank discrepancy's detail, e.g. "2001 amount differs at day end: "; nothing for others. */
    static String prefix(boolean bank, BankAnswerCode code) {
        return bank ? code.code() + " " + code.message() + ": " : "";
    }
}
