package io.govclear.counter;

/**
 * The answer codes of the bank counter protocol (PROTOCOLS.md), with stable numeric codes and messages. A business
 * refusal is an HTTP 200 answer carrying one of these; only signature and format failures are problem responses.
 * The day-end codes are what reconciliation reports about a bank's file.
 */
public enum BankAnswerCode {
    OK("0000", "OK"),
    ALREADY_PAID("1001", "already paid"),
    NO_SUCH_CODE("1002", "no such payment code"),
    CHECK_FAILED("1003", "payment code check failed"),
    EXPIRED("1004", "bill expired"),
    VOIDED("1005", "bill voided"),
    BANK_NOT_ALLOWED("1006", "this bank may not collect it"),
    AMOUNT_MISMATCH("1007", "amount mismatch"),
    DUPLICATE_CONFIRMATION("1008", "duplicate confirmation"),
    NO_PRIOR_QUERY("1009", "confirm without a prior query"),
    ALREADY_RECONCILED("1010", "already reconciled — cannot reverse"),
    NO_SUCH_CONFIRMATION("1011", "no such confirmation"),
    REVERSAL_TOO_LATE("1012", "reversal allowed only on the business day of the payment"),
    NOT_REVERSIBLE("1013", "the bill has moved on (refunded): cannot reverse"),
    DAY_END_AMOUNT_DIFFERS("2001", "amount differs at day end"),
    MISSING_FROM_DAY_END_FILE("2002", "sent intraday but missing from the day-end file"),
    NEVER_SENT_INTRADAY("2003", "in the day-end file but never sent intraday");

    private final String code;
    private final String message;

    BankAnswerCode(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The four-digit code on the wire. */
    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
