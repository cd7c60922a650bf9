package io.govclear.simulator.agentbank;

import java.time.LocalDate;
import java.util.List;

/** The collection account's statement of one booking date: the balance it opens with and the day's entries in order. */
public record Statement(String account, String accountName, LocalDate date, long openingFen,
        List<AccountEntry> entries) {

    /** Opening + credits − debits. */
    public long closingFen() {
        return openingFen + entries.stream().mapToLong(AccountEntry::signedFen).sum();
    }
}
