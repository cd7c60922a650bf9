package io.govclear.reconciliation;

/** A reconciliation run's status (see V10__reconciliation.sql). */
public enum RunStatus {
    PENDING, RUNNING, WAITING_STATEMENT, COMPLETED, FAILED
}
