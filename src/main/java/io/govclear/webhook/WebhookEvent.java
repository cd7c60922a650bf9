package io.govclear.webhook;

import java.time.OffsetDateTime;

/**
 * The JSON a unit's webhook URL receives. {@code eventId} is stable across retries and re-sends (receivers drop
 * repeats by it); {@code status} is the bill's status the event announces. No personal data.
 */
public record WebhookEvent(String eventId, String type, OffsetDateTime occurredAt, String unitCode,
        String paymentCode, String unitOrderNo, String status, Amounts amounts) {

    /** The bill's principal; what was paid (late fee included) and through which channel, once paid. */
    public record Amounts(long principalFen, Long paidFen, Long lateFeeFen, String channel, OffsetDateTime paidAt) {
    }
}
