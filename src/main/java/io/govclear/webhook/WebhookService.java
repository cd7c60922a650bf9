package io.govclear.webhook;

import io.govclear.audit.AuditLog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.Clocks;
import io.govclear.common.Page;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.Transactions;
import io.govclear.security.StaffUser;
import io.govclear.security.UnitScope;
import io.govclear.webhook.WebhookRepository.Filter;
import io.govclear.webhook.WebhookRepository.Listed;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Webhook events as people and units see them: listed with every send and answer, and sent again. A redelivery by
 * staff goes through the delivery job like the first send (same body and eventId, a fresh signature, the stale rule
 * applied again), is refused while the event is queued already, and is audited with the person and the reason.
 */
@Singleton
public class WebhookService {

    @Inject Transactions transactions;
    @Inject WebhookRepository events;
    @Inject AuditLog audit;
    @Inject CatalogService catalog;
    @Inject Clock clock;

    /**
     * The list filter a user asks for, from its query values: the unit (a code; outside the user's scope or unknown it
     * finds nothing), the delivery status, the first and last days the events occurred (Asia/Shanghai, inclusive);
     * blank is unset, a bad value a 400 problem naming it.
     */
    public Filter filter(StaffUser user, String unit, String status, String from, String to) {
        WebhookEventStatus byStatus = QueryParams.oneOf("status", status, WebhookEventStatus.class);
        LocalDate fromDate = QueryParams.date("from", blank(from));
        LocalDate toDate = QueryParams.date("to", blank(to));
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        return new Filter(UnitScope.narrowed(user, catalog.current(), blank(unit)),
                byStatus == null ? null : byStatus.name(),
                fromDate == null ? null : fromDate.atStartOfDay(Clocks.BUSINESS_ZONE).toInstant(),
                toDate == null ? null : toDate.plusDays(1).atStartOfDay(Clocks.BUSINESS_ZONE).toInstant());
    }

    /** The events the filter finds, newest first, each with its sends; {@code page} from 0. */
    public Uni<Page<Listed>> list(Filter filter, int page, int size) {
        return events.list(filter, page, size);
    }

    /** The event among these units' ({@code unitIds} null: any unit's); 404 WEBHOOK_EVENT_NOT_FOUND otherwise. */
    public Uni<Listed> find(String eventId, Set<Long> unitIds) {
        UUID id = eventId(eventId);
        return events.find(transactions.autoCommit(), id, unitIds)
                .map(found -> found.orElseThrow(() -> notFound(eventId)));
    }

    /**
     * A person queues an event of these units ({@code unitIds} null: any unit's) to be sent again now, in one
     * transaction with its audit row (who, why, the status it had). 404 WEBHOOK_EVENT_NOT_FOUND for an event outside
     * the units, 409 WEBHOOK_EVENT_QUEUED while it is PENDING (waiting for its next try or being sent).
     */
    public Uni<Listed> redeliver(String eventId, Set<Long> unitIds, String who, String reason) {
        UUID id = eventId(eventId);
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> events.find(tx, id, unitIds)
                .chain(found -> {
                    Listed event = found.orElseThrow(() -> notFound(eventId));
                    return events.redeliver(tx, event.id(), now)
                            .chain(before -> {
                                if (before.isEmpty()) {
                                    throw queued(eventId);
                                }
                                return audit.append(tx, now, who, "WEBHOOK_REDELIVERED", "WEBHOOK_EVENT", eventId,
                                        Map.of("reason", reason, "previousStatus", before.get().name(),
                                                "type", event.type(), "paymentCode", event.paymentCode()));
                            })
                            .chain(() -> events.find(tx, id, unitIds))
                            .map(Optional::orElseThrow);
                }));
    }

    /**
     * A unit's own re-send (signed unit API): queued whatever its status, an event being sent at this moment left to
     * finish; 404 WEBHOOK_EVENT_NOT_FOUND for another unit's event.
     */
    public Uni<Listed> resend(long unitId, String eventId, Instant now) {
        return events.resend(unitId, eventId(eventId), now)
                .map(found -> found.orElseThrow(() -> notFound(eventId)));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** An event id exactly as the API writes it (a UUID in lower case); anything else names no event. */
    private static UUID eventId(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equals(id)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // not a UUID: no event has it
        }
        throw notFound(id);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemCode.WEBHOOK_EVENT_NOT_FOUND, "No webhook event " + id);
    }

    private static ProblemException queued(String id) {
        return new ProblemException(ProblemCode.WEBHOOK_EVENT_QUEUED, "Webhook event " + id
                + " is queued already: the delivery job sends it; redeliver it once it is delivered, failed or stale");
    }
}
