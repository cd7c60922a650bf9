package io.govclear.payment;

import io.govclear.common.StateMachine;

/** A payment attempt's status, with its machine ({@link #MACHINE}). */
public enum AttemptStatus {
    CREATED, PENDING, SUCCEEDED, FAILED, CLOSED, REVERSED;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<AttemptStatus> MACHINE = StateMachine.of("attempt", AttemptStatus.class)
            .edge(CREATED, PENDING, "submitted")
            .edge(CREATED, SUCCEEDED, "succeeded")
            .edge(CREATED, FAILED, "failed")
            .edge(CREATED, CLOSED, "closed")
            .edge(PENDING, SUCCEEDED, "succeeded")
            .edge(PENDING, FAILED, "failed")
            .edge(PENDING, CLOSED, "closed")
            // a success reported after we gave up is real money: it is recorded (as a duplicate payment if need be)
            .edge(FAILED, SUCCEEDED, "succeeded_after_failure")
            .edge(CLOSED, SUCCEEDED, "succeeded_after_close")
            // a bank counter payment reversed (冲销) the same day, before the bank's day is reconciled
            .edge(SUCCEEDED, REVERSED, "reversed")
            .build();

    public boolean open() {
        return this == CREATED || this == PENDING;
    }
}
