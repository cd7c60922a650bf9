package io.govclear.ledger;

import java.time.LocalDate;
import java.util.List;

/** Every account's debits and credits up to and including a business date; the totals are always equal. */
public record TrialBalance(LocalDate date, List<AccountTotals> accounts, long totalDebitFen, long totalCreditFen,
        boolean balanced) {

    /** One account's totals. */
    public record AccountTotals(String account, long debitFen, long creditFen) {
    }
}
