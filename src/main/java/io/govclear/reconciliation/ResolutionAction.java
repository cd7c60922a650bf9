package io.govclear.reconciliation;

/**
 * What a supervisor decides about a discrepancy in suspense (see {@link SuspensePostings} for the entries):
 * TRUST_CHANNEL (the statement is right: back-fill the payment we missed, or give money no bill takes back to the
 * payer, or write off a shortfall), TRUST_PLATFORM (our books are right: the claim stays on channel clearing, to be
 * taken up with the channel), REFUND (money in suspense is owed back to the payer), WRITE_OFF (close it against the
 * write-off account).
 */
public enum ResolutionAction {
    TRUST_CHANNEL, TRUST_PLATFORM, REFUND, WRITE_OFF
}
