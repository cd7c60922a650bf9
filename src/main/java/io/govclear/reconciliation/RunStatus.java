package io.govclear.reconciliation;

import io.govclear.common.StateMachine;

/** A reconciliation run's status (see V10__reconciliation.sql), with its machine ({@link #MACHINE}). */
public enum RunStatus {
    PENDING, RUNNING, WAITING_STATEMENT, COMPLETED, FAILED;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<RunStatus> MACHINE = StateMachine.of("reconciliation_run", RunStatus.class)
            .edge(PENDING, RUNNING, "started")
            .edge(WAITING_STATEMENT, RUNNING, "retried")
            // an instance died holding the run: another takes it over once the lease has expired
            .edge(RUNNING, RUNNING, "taken_over")
            .edge(RUNNING, WAITING_STATEMENT, "deferred")
            .edge(RUNNING, COMPLETED, "completed")
            .edge(RUNNING, FAILED, "failed")
            // a supervisor's re-run, under a new generation
            .edge(COMPLETED, PENDING, "rerun_requested")
            .edge(FAILED, PENDING, "rerun_requested")
            .build();
}
