package io.govclear.settlement;

/**
 * A settlement batch's states. The allowed moves are data (table settlement_batch_transition) and every move is a
 * compare-and-set against it: DRAFT → CONFIRMED → PAID, CONFIRMED → FAILED → CONFIRMED (re-issued).
 */
public enum BatchStatus {
    DRAFT, CONFIRMED, PAID, FAILED
}
