package io.govclear.settlement;

import io.govclear.common.StateMachine;

/**
 * A settlement batch's states: DRAFT → CONFIRMED → PAID, CONFIRMED → FAILED → CONFIRMED (re-issued). The database
 * holds the same edges (table settlement_batch_transition, checked by the compare-and-set as well; a test keeps the
 * two equal).
 */
public enum BatchStatus {
    DRAFT, CONFIRMED, PAID, FAILED;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<BatchStatus> MACHINE = StateMachine.of("settlement_batch", BatchStatus.class)
            .edge(DRAFT, CONFIRMED, "confirmed")
            .edge(CONFIRMED, PAID, "paid_out")
            .edge(CONFIRMED, FAILED, "payout_failed")
            .edge(FAILED, CONFIRMED, "reissued")
            .build();
}
