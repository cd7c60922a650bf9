package io.govclear.reconciliation;

import io.govclear.common.StateMachine;

/**
 * Where a discrepancy stands (see V10__reconciliation.sql), with its machine ({@link #MACHINE}). Matching inserts it
 * OPEN, or PENDING_NEXT_DAY when the next day's file may still list it. Only SUSPENSE is left to a person.
 */
public enum DiscrepancyStatus {
    OPEN, PENDING_NEXT_DAY, AUTO_RESOLVED, SUSPENSE, RESOLVED, SUPERSEDED;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<DiscrepancyStatus> MACHINE =
            StateMachine.of("discrepancy", DiscrepancyStatus.class)
                    .initial(OPEN, PENDING_NEXT_DAY)
                    .edge(OPEN, AUTO_RESOLVED, "auto_resolved")
                    .edge(OPEN, SUSPENSE, "posted_to_suspense")
                    .edge(PENDING_NEXT_DAY, RESOLVED, "found_next_day")
                    .edge(PENDING_NEXT_DAY, OPEN, "missed_next_day")
                    .edge(SUSPENSE, RESOLVED, "resolved")
                    // a re-run of the day replaces the run's discrepancies with the new generation's
                    .edge(OPEN, SUPERSEDED, "superseded")
                    .edge(PENDING_NEXT_DAY, SUPERSEDED, "superseded")
                    .edge(SUSPENSE, SUPERSEDED, "superseded")
                    .build();
}
