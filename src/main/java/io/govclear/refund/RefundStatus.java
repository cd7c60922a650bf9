package io.govclear.refund;

import io.govclear.common.StateMachine;

/**
 * A refund's status, with its machine ({@link #MACHINE}). A refund above the approval threshold waits in REQUESTED
 * for a supervisor; SUBMITTED means it is (being) sent to the channel and stays so until the channel says SUCCESS or
 * FAILURE: an UNKNOWN answer is queried, never taken for a failure.
 */
public enum RefundStatus {
    REQUESTED, APPROVED, SUBMITTED, SUCCEEDED, FAILED, REJECTED;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<RefundStatus> MACHINE = StateMachine.of("refund", RefundStatus.class)
            .edge(REQUESTED, APPROVED, "approved")
            .edge(REQUESTED, SUBMITTED, "submitted")
            .edge(REQUESTED, REJECTED, "rejected")
            .edge(APPROVED, SUBMITTED, "submitted")
            .edge(SUBMITTED, SUCCEEDED, "succeeded")
            .edge(SUBMITTED, FAILED, "failed")
            .build();

    /** Whether the amount still counts against the paid amount (reserved or refunded). */
    public boolean holdsAmount() {
        return this != FAILED && this != REJECTED;
    }
}
