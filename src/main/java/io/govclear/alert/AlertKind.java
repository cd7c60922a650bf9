package io.govclear.alert;

/**
 * What the engine watches (交易监控, README "Alerts"); each kind is also a Prometheus rule in
 * ops/prometheus/govclear-alerts.yml (label {@code govclear_kind}) with the same condition and thresholds.
 */
public enum AlertKind {
    /** A channel left too many of the calls of the window unanswered (timeout, 5xx, unreadable). */
    CHANNEL_FAILURE_RATE,
    /** The 95th percentile of the time from a payer's payment to its booking, per channel, is too long. */
    NOTIFY_DELAY,
    /** Too many payments no bill could take (paid twice, or after closing) in the window. */
    DUPLICATE_PAYMENTS,
    /** A unit's payments of the last 24 hours are far above or below its usual day. */
    UNIT_VOLUME,
    /** Too many failed sign-ins of one user, or of everyone, in the window. */
    SIGN_IN_FAILURES,
    /** A channel's settlement of a business date is due and has not reached the bank. */
    MISSING_CREDIT
}
