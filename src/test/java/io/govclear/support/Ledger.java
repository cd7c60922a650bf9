package io.govclear.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Ledger checks for tests. */
public final class Ledger {

    private Ledger() {
    }

    /** The trial balance (as finance staff see it) balances, and the journal sums to zero. */
    public static void assertBalanced() {
        Boolean balanced = Staff.as("auditor").get("/api/v1/ledger/trial-balance?date=2099-12-31").then()
                .statusCode(200).extract().path("balanced");
        assertThat(balanced).isTrue();
        assertThat(Db.count("SELECT coalesce(sum(debit_fen) - sum(credit_fen), 0) FROM journal_line")).isZero();
    }

    /** Journal entries that reference a payment code. */
    public static long entriesFor(String paymentCode) {
        return Db.count("SELECT count(*) FROM journal_entry WHERE reference = $1", paymentCode);
    }
}
