package io.govclear.simulator;

/**
 * What a channel's own statement file of one business date adds up to: the payments it lists, the refunds and the
 * fees (refunded fees already taken off), in fen. The agent bank credits the channel's settlement from exactly these,
 * so the credit and the file can never tell two stories.
 */
public record SettlementTotals(long paymentsFen, long refundsFen, long feesFen) {

    public static final SettlementTotals NONE = new SettlementTotals(0, 0, 0);

    /** Payments − refunds − fees: what a channel that keeps its fees back pays out. */
    public long netFen() {
        return paymentsFen - refundsFen - feesFen;
    }

    /** Payments − refunds: what a channel that bills its fees apart pays out. */
    public long grossFen() {
        return paymentsFen - refundsFen;
    }
}
