package io.govclear.payment;

import io.govclear.common.StateMachine;

/**
 * A duplicate payment's status: money a bill could not take (paid twice, or after it closed), queued to be given
 * back; REFUNDED when its refund succeeded, REVERSED when a bank counter reversed it the same day.
 */
public enum DuplicatePaymentStatus {
    QUEUED_FOR_REFUND, REFUNDED, REVERSED;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<DuplicatePaymentStatus> MACHINE =
            StateMachine.of("duplicate_payment", DuplicatePaymentStatus.class)
                    .edge(QUEUED_FOR_REFUND, REFUNDED, "refunded")
                    .edge(QUEUED_FOR_REFUND, REVERSED, "reversed")
                    .build();
}
