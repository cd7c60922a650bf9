package io.govclear.reconciliation;

/** Where a discrepancy stands (see V10__reconciliation.sql). Only SUSPENSE is left to a person. */
public enum DiscrepancyStatus {
    OPEN, PENDING_NEXT_DAY, AUTO_RESOLVED, SUSPENSE, RESOLVED, SUPERSEDED
}
