package io.govclear.alert.rest;

import io.govclear.alert.AlertRepository.StoredAlert;
import io.govclear.common.Clocks;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * An alert: its kind and subject, when it was raised and last found, what was measured against which threshold,
 * OPEN until someone acknowledges it (then ACKNOWLEDGED, with who, when and their note), and when its condition
 * cleared ({@code resolvedAt}, null while it holds).
 */
public record AlertResponse(long id, String kind, String subject, String status, OffsetDateTime raisedAt,
        OffsetDateTime lastSeenAt, OffsetDateTime resolvedAt, Map<String, Object> details, String acknowledgedBy,
        OffsetDateTime acknowledgedAt, String note) {

    public static AlertResponse of(StoredAlert a) {
        return new AlertResponse(a.id(), a.kind().name(), a.subject(), a.acknowledged() ? "ACKNOWLEDGED" : "OPEN",
                at(a.raisedAt()), at(a.lastSeenAt()), at(a.resolvedAt()), a.details(), a.acknowledgedBy(),
                at(a.acknowledgedAt()), a.acknowledgeNote());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime();
    }
}
