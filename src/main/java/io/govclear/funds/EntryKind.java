package io.govclear.funds;

/** What a bank statement entry is, told by its reference (bank-statement formats: "References"). */
public enum EntryKind {
    /** A channel's settlement of a business date: {@code STL-<CHANNEL>-<yyyyMMdd>}, a credit (a debit if negative). */
    CHANNEL_SETTLEMENT,
    /** A payout voucher of a settlement paid out: a debit whose reference is the voucher number. */
    PAYOUT,
    /** A payout voucher's money sent back by the receiving bank (退汇): a credit with the voucher and a reason code. */
    PAYOUT_RETURN,
    /**
     * The budget's funding of the channels' fees (non-tax revenue is paid out in full, so the fees a net channel kept
     * back are made good from the finance department's budget): a credit {@code FEE-<yyyyMM>}.
     */
    FEE_FUNDING,
    /** An unknown credit sent back to its payer, as finance decided: a debit {@code RTN-<the credit's bank reference>}. */
    CREDIT_RETURN,
    /** A credit nobody explains (未明款项, e.g. a payer's direct transfer): suspense until a person decides. */
    UNKNOWN_CREDIT,
    /** A debit nobody explains (a bank charge, a mistake): suspense until a person decides. */
    UNKNOWN_DEBIT
}
