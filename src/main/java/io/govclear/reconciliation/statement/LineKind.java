package io.govclear.reconciliation.statement;

/** What a statement line records: money in (a payment) or money given back (a refund). */
public enum LineKind {
    PAYMENT, REFUND
}
