package io.govclear.webhook;

import io.govclear.common.Page;
import io.govclear.common.Rows;
import io.govclear.common.SqlFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook outbox in PostgreSQL. Events are queued by OrderRepository.transition; here they are claimed (FOR
 * UPDATE SKIP LOCKED, then held by a token and a lease), judged stale, their sends recorded with the receiver's
 * answers, listed, and queued again by hand.
 */
@Singleton
public class WebhookRepository {

    /**
     * Claims due events for one instance: moves their next attempt to the end of the lease and sets the claim token,
     * so no other instance takes them while this one sends. An event whose bill has another status by now, or
     * after which the bill has a newer event, is marked STALE instead (returned too, never sent).
     */
    private static final String CLAIM = """
            WITH due AS (
                SELECT id FROM webhook_event
                WHERE status = $5 AND next_attempt_at <= $1
                ORDER BY next_attempt_at, id
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_event e
            SET status = CASE WHEN o.status <> e.order_status
                                   OR EXISTS (SELECT 1 FROM webhook_event n WHERE n.order_id = e.order_id AND n.id > e.id)
                              THEN $6 ELSE $5 END,
                next_attempt_at = $3, claim_token = $4, updated_at = $1
            FROM due, payment_order o LEFT JOIN payment_attempt a ON a.id = o.paid_attempt_id
            WHERE e.id = due.id AND o.id = e.order_id
            RETURNING e.id, e.event_id, e.unit_id, e.type, e.order_status, e.occurred_at, e.url, e.body, e.status,
                      e.failures, o.payment_code, o.unit_order_no, o.principal_fen, a.amount_fen AS paid_fen,
                      a.late_fee_fen, a.channel, o.paid_at""";

    /** Records one send and the event's new state, only if this instance still holds the claim. */
    private static final String RECORD = """
            WITH e AS (
                UPDATE webhook_event SET status = $3, attempts = attempts + 1, failures = $4, next_attempt_at = $5,
                    delivered_at = coalesce($6, delivered_at), body = coalesce(body, $7), claim_token = NULL,
                    updated_at = $8
                WHERE id = $1 AND claim_token = $2
                RETURNING id, attempts
            )
            INSERT INTO webhook_delivery (event_id, attempt_no, attempted_at, status_code, error, duration_ms,
                                          answer_excerpt)
            SELECT id, attempts, $8, $9, $10, $11, $12 FROM e
            RETURNING id""";

    /**
     * Queues an event that is not queued already to be sent again now by the delivery job, as a first send would be
     * (failures from 0, the stale rule applies again); returns the status it had. Nothing when it is PENDING: waiting
     * for its next try or being sent at this moment.
     */
    private static final String REDELIVER = """
            WITH before AS (SELECT id, status FROM webhook_event WHERE id = $1 FOR UPDATE)
            UPDATE webhook_event e SET status = $3, failures = 0, next_attempt_at = $2, updated_at = $2
            FROM before
            WHERE e.id = before.id AND before.status <> $3
            RETURNING before.status""";

    private static final String EVENT_COLUMNS = """
            e.id, e.event_id, e.unit_id, e.type, e.order_status, e.occurred_at, e.url, e.status, e.attempts,
            e.next_attempt_at, e.delivered_at, e.claim_token, o.payment_code, o.unit_order_no""";

    static {
        // the claim moves PENDING events to STALE or keeps them PENDING; a resend brings any event back to PENDING
        WebhookEventStatus.MACHINE.event(WebhookEventStatus.PENDING, WebhookEventStatus.STALE);
        for (WebhookEventStatus status : WebhookEventStatus.values()) {
            WebhookEventStatus.MACHINE.event(status, WebhookEventStatus.PENDING);
        }
    }

    private final Pool pool;

    public WebhookRepository(Pool pool) {
        this.pool = pool;
    }

    /** A claimed event, with the bill facts its body is rendered from the first time it is sent. */
    public record Claimed(long id, UUID eventId, long unitId, String type, String orderStatus, Instant occurredAt,
            String url, String body, boolean stale, int failures, String paymentCode, String unitOrderNo,
            long principalFen, Long paidFen, Long lateFeeFen, String channel, Instant paidAt) {
    }

    /** The outcome of one send: the event's next state, and the answer (status, start of its body) or the error. */
    public record Outcome(WebhookEventStatus status, int failures, Instant nextAttemptAt, Instant deliveredAt,
            Integer statusCode, String error, int durationMs, String answerExcerpt) {
    }

    /** An event with every send. */
    public record Listed(long id, UUID eventId, long unitId, String type, String orderStatus, Instant occurredAt,
            String url, String status, int attempts, Instant nextAttemptAt, Instant deliveredAt, String paymentCode,
            String unitOrderNo, List<Send> sends) {
    }

    /** One send of an event and what the receiver answered. */
    public record Send(int attemptNo, Instant attemptedAt, Integer statusCode, String answerExcerpt, String error,
            int durationMs) {
    }

    /**
     * Which events to list: of these units ({@code unitIds} null: every unit's), in this delivery status (null: any),
     * that occurred from {@code from} (inclusive) to {@code to} (exclusive) when given.
     */
    public record Filter(Set<Long> unitIds, String status, Instant from, Instant to) {
    }

    public Uni<List<Claimed>> claim(Instant now, int limit, Instant leaseUntil, UUID token) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.from(new Object[] { Rows.at(now), limit, Rows.at(leaseUntil), token,
                        WebhookEventStatus.PENDING.name(), WebhookEventStatus.STALE.name() }))
                .map(rows -> Rows.list(rows, r -> new Claimed(r.getLong("id"), r.getUUID("event_id"),
                        r.getLong("unit_id"), r.getString("type"), r.getString("order_status"),
                        Rows.instant(r, "occurred_at"), r.getString("url"), r.getString("body"),
                        WebhookEventStatus.STALE.name().equals(r.getString("status")), r.getInteger("failures"),
                        r.getString("payment_code"), r.getString("unit_order_no"), r.getLong("principal_fen"),
                        r.getLong("paid_fen"), r.getLong("late_fee_fen"), r.getString("channel"),
                        Rows.instant(r, "paid_at"))));
    }

    /** False when the claim was lost (the lease ran out and another instance took the event). */
    public Uni<Boolean> record(Claimed event, UUID token, String body, Outcome outcome, Instant now) {
        // a claimed event is PENDING (a stale one is never sent)
        WebhookEventStatus.MACHINE.event(WebhookEventStatus.PENDING, outcome.status());
        return pool.preparedQuery(RECORD)
                .execute(Tuple.from(new Object[] { event.id(), token, outcome.status().name(), outcome.failures(),
                        Rows.at(outcome.nextAttemptAt()), Rows.at(outcome.deliveredAt()), body, Rows.at(now),
                        outcome.statusCode(), outcome.error(), outcome.durationMs(), outcome.answerExcerpt() }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The events the filter finds, newest first, each with its sends. */
    public Uni<Page<Listed>> list(Filter filter, int page, int size) {
        SqlFilter where = where(filter);
        return pool.preparedQuery("SELECT count(*) AS total FROM webhook_event e" + where.where())
                .execute(where.args())
                .map(rows -> rows.iterator().next().getLong("total"))
                .chain(total -> {
                    SqlFilter paged = where(filter);
                    return pool.preparedQuery("SELECT " + EVENT_COLUMNS
                                    + " FROM webhook_event e JOIN payment_order o ON o.id = e.order_id" + paged.where()
                                    + " ORDER BY e.id DESC LIMIT " + paged.param(size) + " OFFSET "
                                    + paged.param((long) page * size))
                            .execute(paged.args())
                            .chain(rows -> {
                                List<Row> events = new ArrayList<>();
                                rows.forEach(events::add);
                                return sendsOf(events.stream().map(r -> r.getLong("id")).toArray(Long[]::new))
                                        .map(sends -> new Page<>(page, size, total, events.stream()
                                                .map(r -> listed(r, sends.getOrDefault(r.getLong("id"), List.of())))
                                                .toList()));
                            });
                });
    }

    private static SqlFilter where(Filter filter) {
        return new SqlFilter()
                .add("e.unit_id = ANY($", filter.unitIds() == null ? null : filter.unitIds().toArray(Long[]::new),
                        ")")
                .add("e.status = $", filter.status())
                .add("e.occurred_at >= $", Rows.at(filter.from()))
                .add("e.occurred_at < $", Rows.at(filter.to()));
    }

    /**
     * Queues a unit's event to be sent again now (same body, fresh signature), whatever its status; the stale rule
     * applies again. An event being sent at this moment is left to finish. Empty when the unit has no such event.
     */
    public Uni<Optional<Listed>> resend(long unitId, UUID eventId, Instant now) {
        return pool.preparedQuery("""
                        UPDATE webhook_event SET status = $4, failures = 0, next_attempt_at = $3, updated_at = $3
                        WHERE event_id = $1 AND unit_id = $2
                          AND NOT (status = $4 AND claim_token IS NOT NULL AND next_attempt_at > $3)""")
                .execute(Tuple.of(eventId, unitId, Rows.at(now), WebhookEventStatus.PENDING.name()))
                .chain(() -> find(pool, eventId, Set.of(unitId)));
    }

    /**
     * Queues the event (by its row id) to be sent again now by the delivery job, in {@code tx}; the status it had, or
     * empty when it is PENDING already (waiting for its next try, or being sent).
     */
    public Uni<Optional<WebhookEventStatus>> redeliver(SqlClient tx, long id, Instant now) {
        return tx.preparedQuery(REDELIVER)
                .execute(Tuple.of(id, Rows.at(now), WebhookEventStatus.PENDING.name()))
                .map(rows -> Rows.first(rows, r -> WebhookEventStatus.valueOf(r.getString("status"))));
    }

    /** The event with this id among these units' ({@code unitIds} null: any unit's), with its sends. */
    public Uni<Optional<Listed>> find(SqlClient client, UUID eventId, Set<Long> unitIds) {
        return client.preparedQuery("SELECT " + EVENT_COLUMNS
                        + " FROM webhook_event e JOIN payment_order o ON o.id = e.order_id"
                        + " WHERE e.event_id = $1 AND ($2::bigint[] IS NULL OR e.unit_id = ANY($2))")
                .execute(Tuple.of(eventId, unitIds == null ? null : unitIds.toArray(Long[]::new)))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(Optional.<Listed>empty());
                    }
                    Row r = rows.iterator().next();
                    return sendsOf(new Long[] { r.getLong("id") })
                            .map(sends -> Optional.of(listed(r, sends.getOrDefault(r.getLong("id"), List.of()))));
                });
    }

    private Uni<Map<Long, List<Send>>> sendsOf(Long[] eventIds) {
        return pool.preparedQuery("""
                        SELECT event_id, attempt_no, attempted_at, status_code, answer_excerpt, error, duration_ms
                        FROM webhook_delivery WHERE event_id = ANY($1) ORDER BY event_id, attempt_no""")
                .execute(Tuple.of(eventIds))
                .map(rows -> {
                    Map<Long, List<Send>> byEvent = new HashMap<>();
                    for (Row r : rows) {
                        byEvent.computeIfAbsent(r.getLong("event_id"), k -> new ArrayList<>())
                                .add(new Send(r.getInteger("attempt_no"), Rows.instant(r, "attempted_at"),
                                        r.getInteger("status_code"), r.getString("answer_excerpt"),
                                        r.getString("error"), r.getInteger("duration_ms")));
                    }
                    return byEvent;
                });
    }

    private static Listed listed(Row r, List<Send> sends) {
        String status = r.getString("status");
        return new Listed(r.getLong("id"), r.getUUID("event_id"), r.getLong("unit_id"), r.getString("type"),
                r.getString("order_status"), Rows.instant(r, "occurred_at"), r.getString("url"), status,
                r.getInteger("attempts"),
                WebhookEventStatus.PENDING.name().equals(status) ? Rows.instant(r, "next_attempt_at") : null,
                Rows.instant(r, "delivered_at"), r.getString("payment_code"), r.getString("unit_order_no"), sends);
    }
}
