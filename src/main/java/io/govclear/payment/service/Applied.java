package io.govclear.payment.service;

/** What applying a channel's answer did. */
public enum Applied {
    /** The bill is paid now, and posted. */
    PAID,
    /** Real money that no bill can take: recorded as a duplicate payment, posted, queued for refund. */
    DUPLICATE_RECORDED,
    /** The attempt failed or was closed. */
    FAILED,
    /** Nothing to change: already in that state, or the answer says nothing new. */
    NO_CHANGE,
    /** The channel reports another amount than the attempt's: nothing changed, to be looked at. */
    AMOUNT_MISMATCH,
    /** No attempt with that payment id. */
    UNKNOWN_PAYMENT;

    /** Whether the channel may stop telling us (its notify is answered as accepted). */
    public boolean settled() {
        return this != AMOUNT_MISMATCH && this != UNKNOWN_PAYMENT;
    }
}
