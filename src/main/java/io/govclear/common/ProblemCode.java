package io.govclear.common;

import java.util.Locale;

/**
 * Every problem {@code code} the engine answers, with its HTTP status and title: the one catalogue of the public error
 * contract (README "Problem codes" and the OpenAPI schema {@code ProblemCode} list it). A code never changes its status
 * or title; a new failure gets a new constant here rather than a string at the throw site.
 */
public enum ProblemCode {

    // --- the request itself: body, path, query -----------------------------------------------------------------------
    VALIDATION_FAILED(400, "Validation failed",
            "A field, path or query value breaks a rule; errors[] names each offending field"),
    UNKNOWN_FIELD(400, "Unknown field", "The body has a field that is not part of this request"),
    MALFORMED_JSON(400, "Bad request",
            "The body could not be read: not JSON, not well-formed UTF-8, or not a JSON object"),
    BODY_REQUIRED(400, "Bad request", "The request needs a JSON object body and had none (or null)"),
    INVALID_PATH(400, "Bad request", "The path contains a control character"),
    BAD_REQUEST(400, "Bad Request",
            "The framework refused the request before the engine saw it; status and title are the framework's 4xx"),
    NOT_FOUND(404, "Not found", "No resource or channel answers at this path"),
    METHOD_NOT_ALLOWED(405, "Method not allowed", "This path does not accept that method"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type",
            "The body's media type is not one this path takes (application/json)"),
    PAYLOAD_TOO_LARGE(413, "Payload too large",
            "The declared body is larger than quarkus.http.limits.max-body-size; refused before it is read"),
    URI_TOO_LONG(414, "URI too long", "The request target is longer than govclear.http.max-uri-length (4,096)"),
    HEADERS_TOO_LARGE(431, "Request header fields too large",
            "The request's headers are larger than govclear.http.max-header-size (20 KiB)"),

    // --- who is calling: unit and bank signatures, staff sign-in -----------------------------------------------------
    INVALID_SIGNATURE(401, "Unauthorized",
            "Signature headers missing, timestamp not Unix seconds, unknown or inactive unit, bank code not the path's,"
                    + " or the signature does not verify"),
    STALE_TIMESTAMP(401, "Unauthorized",
            "The signed timestamp is further from the server clock than govclear.security.signature-window (300 s)"),
    INVALID_NONCE(401, "Unauthorized", "The nonce is not 16-64 letters, digits, '-' or '_'"),
    REPLAYED_NONCE(401, "Unauthorized", "The nonce was used before, within govclear.security.nonce-ttl (10 minutes)"),
    UNAUTHENTICATED(401, "Unauthorized",
            "Finance staff sign in with HTTP Basic: credentials missing, malformed or wrong"),
    FORBIDDEN(403, "Forbidden", "The caller (staff user, unit or bank) has none of the roles this endpoint admits"),
    CSRF_REJECTED(403, "Forbidden",
            "A console session's write without its CSRF token (form field _csrf or header X-CSRF-Token), or a wrong one"),
    BANK_NOT_FOUND(404, "Not found", "No enabled bank counter at this path"),

    // --- bills -------------------------------------------------------------------------------------------------------
    BATCH_TOO_LARGE(400, "Batch too large", "A batch holds more bills than govclear.orders.max-batch-size (1,000)"),
    UNKNOWN_ITEM(400, "Unknown charge item", "A line names a charge item the unit does not have, or no longer uses"),
    AMOUNT_REQUIRED(400, "Invalid amount", "A line of an item without a fixed charge has no amountFen"),
    AMOUNT_MISMATCH(400, "Invalid amount", "A line's amountFen differs from its item's fixed charge"),
    AMOUNT_OUT_OF_RANGE(400, "Invalid amount", "A line's amountFen is outside its item's range"),
    AMOUNT_TOO_LARGE(400, "Amount too large", "The bill's total exceeds govclear.orders.max-amount-fen"),
    INVALID_PAYMENT_CODE(400, "Bad request", "A payment code is 20 digits whose last digit is a Luhn check digit"),
    ORDER_NOT_FOUND(404, "Not found", "No bill with this payment code (of this unit, for a unit's call)"),
    IDEMPOTENCY_CONFLICT(409, "Conflict",
            "The unitOrderNo or refundRequestNo was already used for a different request"),
    ORDER_NOT_CANCELLABLE(409, "Conflict", "Only an unpaid bill can be cancelled"),

    // --- payments and channels ---------------------------------------------------------------------------------------
    ORDER_NOT_PAYABLE(409, "Conflict", "The bill is not UNPAID, or is past its payable-until date"),
    PAYMENT_NOT_FOUND(404, "Not found", "No payment with this id"),
    CHANNEL_NOT_AVAILABLE(400, "Channel not available",
            "The channel (with none named: every online channel) cannot be used for this unit's bill"),
    NO_CHANNEL_AVAILABLE(503, "No channel available",
            "Every channel the unit accepts is in maintenance or failing right now; try again later"),
    CHANNEL_IN_MAINTENANCE(503, "Channel in maintenance", "The chosen channel is in a maintenance window"),
    CHANNEL_UNAVAILABLE(503, "Channel unavailable",
            "The channel's circuit breaker is open, it did not answer in time, or it cannot refund in this deployment"),
    CHANNEL_REFUSED(502, "Channel refused", "The channel refused to create the payment"),
    CHANNEL_NOT_FOUND(404, "Not found", "No online channel (ALIPAY, WECHAT_PAY, UNIONPAY) has this name"),
    MAINTENANCE_WINDOW_NOT_FOUND(404, "Not found", "The channel has no maintenance window with this id"),
    MAINTENANCE_WINDOW_EXISTS(409, "Conflict", "The channel has this very window (same start and end) announced"),
    MAINTENANCE_WINDOW_CANCELLED(409, "Conflict", "The maintenance window was cancelled already"),
    MAINTENANCE_WINDOW_OVER(409, "Conflict", "The maintenance window has ended; it stays on record as it was"),

    // --- refunds -----------------------------------------------------------------------------------------------------
    ORDER_NOT_REFUNDABLE(409, "Conflict", "Only a paid bill with a channel payment can be refunded"),
    REFUND_EXCEEDS_PAID(409, "Conflict", "The refund is more than what is paid and not yet refunded or reserved"),
    REFUND_NOT_AWAITING_APPROVAL(409, "Conflict", "The refund does not await a supervisor's decision"),
    REFUND_NOT_FOUND(404, "Not found", "No refund with this id"),

    // --- receipts and webhooks ---------------------------------------------------------------------------------------
    RECEIPT_NOT_FOUND(404, "Not found", "No receipt with this number and check code"),
    WEBHOOK_EVENT_NOT_FOUND(404, "Not found",
            "No webhook event with this id (of this unit, or of the staff user's units)"),
    WEBHOOK_EVENT_QUEUED(409, "Conflict",
            "The webhook event is queued already (PENDING): the delivery job sends it; redeliver it once it is"
                    + " delivered, failed or stale"),

    // --- alerts ------------------------------------------------------------------------------------------------------
    ALERT_NOT_FOUND(404, "Not found", "No alert with this id"),
    ALERT_ALREADY_ACKNOWLEDGED(409, "Conflict", "The alert was acknowledged already, by the person it names"),

    // --- reconciliation ----------------------------------------------------------------------------------------------
    RECONCILIATION_NOT_FOUND(404, "Not found", "No reconciliation run with this id"),
    DISCREPANCY_NOT_FOUND(404, "Not found", "The run has no discrepancy with this id"),
    CHANNEL_NOT_RECONCILABLE(422, "Channel not reconcilable", "This build cannot read the channel's statements"),
    BUSINESS_DAY_NOT_CLOSED(422, "Business day not closed",
            "The business day has not ended yet, so it cannot be reconciled or settled"),
    STATEMENT_NOT_AVAILABLE(422, "Statement not available yet",
            "The channel serves that day's statement only from a later time of the next day"),
    RUN_IN_PROGRESS(409, "Conflict", "Only a COMPLETED or FAILED run can be run again"),
    ALREADY_RESOLVED(409, "Conflict", "The discrepancy is already resolved, by hand or automatically"),
    NOT_RESOLVABLE(409, "Conflict", "Only a discrepancy in SUSPENSE is resolved by hand"),
    NOTHING_TO_REFUND(422, "Nothing to refund", "The discrepancy is money we miss, not money we hold"),
    CANNOT_BACKFILL(409, "Conflict", "The payment cannot be back-filled from the statement"),

    // --- day close ----------------------------------------------------------------------------------------------------
    DAY_NOT_READY(422, "Day not ready to close", "The day cannot be closed yet: a channel not reconciled, its funds"
            + " not matched or its settlement not confirmed (the detail lists what)"),
    DAY_ALREADY_CLOSED(409, "Conflict", "The business day is closed already (by whom, when)"),
    DAY_CLOSED(409, "Conflict", "The business day is closed: what was asked would change its frozen figures"
            + " (re-running a reconciliation, reloading a bank statement)"),
    REPORT_RANGE_INVALID(422, "Invalid report range",
            "A report's from is after its to, or the range is longer than 366 days"),

    // --- settlement --------------------------------------------------------------------------------------------------
    SETTLEMENT_NOT_FOUND(404, "Not found", "No settlement batch for this business date"),
    SETTLEMENT_NOT_DRAFT(409, "Conflict", "Only a DRAFT settlement is confirmed"),
    FOUR_EYES_REQUIRED(409, "Conflict", "The supervisor who prepared a settlement cannot confirm it"),
    SETTLEMENT_NOT_FAILED(409, "Conflict", "Only a settlement whose payout FAILED is re-issued"),
    PAYOUT_NOT_AWAITED(409, "Conflict", "No payout answer is awaited for this settlement and issue"),
    PAYOUT_SIGNATURE_INVALID(401, "Unauthorized", "The payout confirmation is not signed with the bank's key"),
    BODY_INVALID(400, "Bad request", "The payout confirmation is not the expected JSON object"),
    PAYOUT_BANK_NOT_CONFIGURED(503, "Payout bank not configured",
            "No payout bank key is configured (govclear.settlement.bank-secret)"),

    // --- staff users -------------------------------------------------------------------------------------------------
    STAFF_USER_NOT_FOUND(404, "Not found", "No staff user with this username"),
    STAFF_USER_EXISTS(409, "Conflict", "A staff user with this username exists"),
    OWN_ACCOUNT(403, "Forbidden", "Nobody changes their own roles, unit scopes or status, or resets their own second factor"),

    // --- catalog administration --------------------------------------------------------------------------------------
    UNIT_SUSPENDED(403, "Forbidden", "The unit is suspended: it cannot issue bills until it is re-activated"),
    UNIT_NOT_FOUND(404, "Not found", "No collecting unit with this code"),
    UNIT_EXISTS(409, "Conflict", "A collecting unit with this code exists or is proposed"),
    PROPOSAL_NOT_FOUND(404, "Not found", "No catalog proposal with this id"),
    PROPOSAL_PENDING(409, "Conflict", "Another change of this unit awaits approval; decide it first"),
    PROPOSAL_DECIDED(409, "Conflict", "The proposal was approved or rejected already"),
    PROPOSAL_STALE(409, "Conflict", "The unit changed after the proposal was made; propose the change again"),
    PROPOSAL_INVALID(409, "Conflict", "The proposal no longer applies to the unit as it is (e.g. suspending a suspended unit)"),
    OWN_PROPOSAL(403, "Forbidden", "Nobody approves or rejects their own proposal"),
    CREDENTIAL_NOT_FOUND(404, "Not found", "The unit has no such key"),
    IMPORT_FILE_REFUSED(400, "Bad request",
            "The upload is not a catalog file that can be read (format, encoding, size, rows: see detail)"),
    IMPORT_INVALID(422, "Import invalid", "Rows of the file are invalid (rows names each cell); nothing was proposed"),

    // --- funds ------------------------------------------------------------------------------------------------------
    FUNDS_STATEMENT_INVALID(400, "Bad request",
            "The bank statement is malformed or does not follow the previous one (errors names where)"),
    FUNDS_STATEMENT_LOADED(409, "Conflict", "The statement of this date is loaded; a supervisor reloads it with a reason"),
    FUNDS_STATEMENT_NOT_FOUND(404, "Not found", "No bank statement of this date is loaded"),
    FUNDS_ACCOUNT_UNKNOWN(422, "Unknown account", "The statement is not of the platform's collection account"),
    FUNDS_ENTRY_NOT_FOUND(404, "Not found", "No credit nobody explains has this bank reference"),
    FUNDS_ENTRY_DECIDED(409, "Conflict", "The credit already has a pending or applied decision"),
    FUNDS_DECISION_NOT_FOUND(404, "Not found", "No funds decision has this id"),
    FUNDS_DECISION_NOT_PENDING(409, "Conflict", "The funds decision is already approved or rejected"),
    FUNDS_CLAIM_AMOUNT(422, "Amount differs", "The credit is not what the bill owed on the day the money arrived"),
    TREASURY_VOUCHER_NOT_FOUND(404, "Not found", "No treasury payout voucher has this number"),
    TREASURY_RECEIPT_MISMATCH(422, "Receipt differs", "The receipt's amount, date or treasury is not the voucher's"),
    TREASURY_RECEIPT_CONFLICT(409, "Conflict", "The voucher has another receipt, or the receipt another voucher"),

    // --- anything else -----------------------------------------------------------------------------------------------
    INTERNAL_ERROR(500, "Internal error",
            "An unexpected failure; nothing was changed (a framework 5xx keeps its own status and title)");

    private final int status;
    private final String title;
    private final String description;

    ProblemCode(int status, String title, String description) {
        this.status = status;
        this.title = title;
        this.description = description;
    }

    /** The HTTP status of this problem. */
    public int status() {
        return status;
    }

    /** The problem's {@code title}, the same for every occurrence. */
    public String title() {
        return title;
    }

    /** One line for the documentation: when the engine answers this code. */
    public String description() {
        return description;
    }

    /** The problem's {@code type}: {@code urn:govclear:problem:} and the code in lower case with '-' for '_'. */
    public String type() {
        return "urn:govclear:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
