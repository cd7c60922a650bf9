package io.govclear.reconciliation;

/** How a statement line and our books compare (DESIGN.md, Reconciliation). MATCHED is counted, not stored. */
public enum DiscrepancyClass {
    MATCHED, CHANNEL_ONLY, PLATFORM_ONLY, AMOUNT_MISMATCH, STATUS_MISMATCH, DUPLICATE_PAYMENT
}
