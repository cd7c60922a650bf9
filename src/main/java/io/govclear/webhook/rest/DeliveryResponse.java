package io.govclear.webhook.rest;

import io.govclear.common.Clocks;
import io.govclear.webhook.WebhookRepository;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A webhook event: what it announces and to which unit, its delivery status (PENDING, DELIVERED, FAILED, STALE),
 * when it is tried next, and every send with the receiver's answer (status code and the start of its body) or the
 * error, and its duration.
 */
public record DeliveryResponse(String id, String unitCode, String type, String paymentCode, String unitOrderNo,
        String orderStatus, OffsetDateTime occurredAt, String url, String status, int attempts,
        OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt, List<Send> sends) {

    /** One send. */
    public record Send(int attemptNo, OffsetDateTime attemptedAt, Integer statusCode, String answer, String error,
            int durationMs) {
    }

    static DeliveryResponse of(WebhookRepository.Listed e, String unitCode) {
        return new DeliveryResponse(e.eventId().toString(), unitCode, e.type(), e.paymentCode(), e.unitOrderNo(),
                e.orderStatus(), at(e.occurredAt()), e.url(), e.status(), e.attempts(), at(e.nextAttemptAt()),
                at(e.deliveredAt()), e.sends().stream()
                        .map(s -> new Send(s.attemptNo(), at(s.attemptedAt()), s.statusCode(), s.answerExcerpt(),
                                s.error(), s.durationMs()))
                        .toList());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime();
    }
}
