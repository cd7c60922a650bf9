package io.govclear.refund;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A refund's status, with the allowed transitions as data. A refund above the approval threshold waits in REQUESTED
 * for a supervisor; SUBMITTED means it is (being) sent to the channel and stays so until the channel says SUCCESS or
 * FAILURE: an UNKNOWN answer is queried, never taken for a failure.
 */
public enum RefundStatus {
    REQUESTED, APPROVED, SUBMITTED, SUCCEEDED, FAILED, REJECTED;

    private static final Map<RefundStatus, Set<RefundStatus>> ALLOWED = Map.of(
            REQUESTED, EnumSet.of(APPROVED, SUBMITTED, REJECTED),
            APPROVED, EnumSet.of(SUBMITTED),
            SUBMITTED, EnumSet.of(SUCCEEDED, FAILED),
            SUCCEEDED, EnumSet.noneOf(RefundStatus.class),
            FAILED, EnumSet.noneOf(RefundStatus.class),
            REJECTED, EnumSet.noneOf(RefundStatus.class));

    public boolean canBecome(RefundStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Whether the amount still counts against the paid amount (reserved or refunded). */
    public boolean holdsAmount() {
        return this != FAILED && this != REJECTED;
    }
}
