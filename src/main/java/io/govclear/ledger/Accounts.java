package io.govclear.ledger;

/** The chart of accounts (DESIGN.md). Debit-normal: clearing, fees; credit-normal: payables, suspense. */
public final class Accounts {

    /** Money held by one unit for later settlement: what we owe the unit (or the treasury on its behalf). */
    public static String unitPayable(String unitCode) {
        return "unit_payable:" + unitCode;
    }

    /** What a channel owes us: collected by the channel, not yet paid out to our account. */
    public static String channelClearing(String channel) {
        return "channel_clearing:" + channel;
    }

    /** Fees a channel charges. */
    public static String channelFee(String channel) {
        return "channel_fee:" + channel;
    }

    /** Fees a channel bills apart (it settles gross): owed to it until its invoice is paid. */
    public static String channelFeePayable(String channel) {
        return "channel_fee_payable:" + channel;
    }

    /** Money received that belongs to no bill (duplicate payments), owed back to the payer. */
    public static final String PAYER_REFUNDABLE = "payer_refundable";

    /** Differences under investigation (挂账). */
    public static final String SUSPENSE = "suspense";

    /** Reconciliation differences a supervisor wrote off: a loss (debit) or an unexplained gain (credit). */
    public static final String WRITE_OFF = "reconciliation_write_off";

    /** Payouts to units on their way. */
    public static final String SETTLEMENT_OUTBOUND = "settlement_outbound";

    private Accounts() {
    }
}
