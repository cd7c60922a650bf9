package io.govclear.payment.repository;

import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.govclear.order.OrderStatus;
import io.govclear.payment.AttemptStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Payment attempts in PostgreSQL, with the reactive Pool: they sit on the payment hot path. */
@Singleton
public class AttemptRepository {

    private static final String COLUMNS = "a.id, a.payment_id, a.order_id, a.channel, a.status, a.principal_fen,"
            + " a.late_fee_fen, a.amount_fen, a.routing_reason, a.pay_url, a.channel_trade_no, a.duplicate,"
            + " a.expires_at, a.paid_at, a.query_count, a.created_at";

    @Inject Pool pool;

    /** An attempt with the bill it belongs to, as read under a row lock. */
    public record Locked(StoredAttempt attempt, String paymentCode, long unitId, OrderStatus orderStatus) {
    }

    /** Inserts a CREATED attempt; fails on the unique index if the bill already has one open on this channel. */
    public Uni<StoredAttempt> insert(long id, String paymentId, long orderId, Channel channel, long principalFen,
            long lateFeeFen, String routingReason, Instant expiresAt, Instant firstQueryAt, Instant now) {
        return insert(pool, id, paymentId, orderId, channel, principalFen, lateFeeFen, routingReason, expiresAt,
                firstQueryAt, now);
    }

    /**
     * {@link #insert} on the given client (a connection inside the caller's transaction); an attempt whose
     * {@code firstQueryAt} is null is never queried.
     */
    public Uni<StoredAttempt> insert(SqlClient client, long id, String paymentId, long orderId, Channel channel,
            long principalFen, long lateFeeFen, String routingReason, Instant expiresAt, Instant firstQueryAt,
            Instant now) {
        return client.preparedQuery("""
                        INSERT INTO payment_attempt AS a (id, payment_id, order_id, channel, status, principal_fen,
                            late_fee_fen, amount_fen, routing_reason, expires_at, next_query_at, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, 'CREATED', $5, $6, $7, $8, $9, $10, $11, $11)
                        RETURNING """ + " " + COLUMNS)
                .execute(Tuple.from(new Object[] { id, paymentId, orderId, channel.name(), principalFen, lateFeeFen,
                        principalFen + lateFeeFen, routingReason, Rows.at(expiresAt), Rows.at(firstQueryAt),
                        Rows.at(now) }))
                .map(rows -> toAttempt(rows.iterator().next()));
    }

    public Uni<Long> nextId() {
        return pool.query("SELECT nextval('payment_attempt_seq') AS id").execute()
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    public Uni<Optional<StoredAttempt>> findByPaymentId(String paymentId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM payment_attempt a WHERE a.payment_id = $1")
                .execute(Tuple.of(paymentId))
                .map(rows -> Rows.first(rows, AttemptRepository::toAttempt));
    }

    public Uni<Optional<StoredAttempt>> findOpen(long orderId, Channel channel) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM payment_attempt a WHERE a.order_id = $1"
                        + " AND a.channel = $2 AND a.status IN ('CREATED', 'PENDING')")
                .execute(Tuple.of(orderId, channel.name()))
                .map(rows -> Rows.first(rows, AttemptRepository::toAttempt));
    }

    public Uni<List<StoredAttempt>> listForOrder(long orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM payment_attempt a WHERE a.order_id = $1 ORDER BY a.id")
                .execute(Tuple.of(orderId))
                .map(rows -> Rows.list(rows, AttemptRepository::toAttempt));
    }

    /** Locks the attempt and its bill for the rest of the transaction. */
    public Uni<Optional<Locked>> lock(SqlClient tx, String paymentId) {
        return tx.preparedQuery("SELECT " + COLUMNS + ", o.payment_code, o.unit_id, o.status AS order_status"
                        + " FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id"
                        + " WHERE a.payment_id = $1 FOR UPDATE")
                .execute(Tuple.of(paymentId))
                .map(rows -> Rows.first(rows, r -> new Locked(toAttempt(r), r.getString("payment_code"),
                        r.getLong("unit_id"), OrderStatus.valueOf(r.getString("order_status")))));
    }

    /**
     * What goes with an attempt's status change: its history row's source and detail, and what the channel told us
     * (trade number, pay URL, paid time; each kept as it was when null); {@code duplicate} marks a success no bill can
     * take.
     */
    public record Change(String source, String detail, String channelTradeNo, String payUrl, Instant paidAt,
            boolean duplicate) {

        /** A change recorded with its source and detail (may be null), setting nothing else. */
        public static Change of(String source, String detail) {
            return new Change(source, detail, null, null, null, false);
        }

        public Change withTradeNo(String channelTradeNo) {
            return new Change(source, detail, channelTradeNo, payUrl, paidAt, duplicate);
        }

        public Change withPayUrl(String payUrl) {
            return new Change(source, detail, channelTradeNo, payUrl, paidAt, duplicate);
        }

        /** A success: when it was paid, and whether it is a duplicate payment. */
        public Change withPayment(Instant paidAt, boolean duplicate) {
            return new Change(source, detail, channelTradeNo, payUrl, paidAt, duplicate);
        }
    }

    /**
     * Compare-and-set status change with its history row, in one statement. False when the attempt was no longer in
     * its status.
     */
    public Uni<Boolean> transition(SqlClient tx, StoredAttempt attempt, AttemptStatus to, Change change,
            Instant now) {
        String event = AttemptStatus.MACHINE.event(attempt.status(), to);
        return tx.preparedQuery("""
                        WITH c AS (
                            UPDATE payment_attempt SET status = $3, updated_at = $4,
                                channel_trade_no = coalesce($5, channel_trade_no), pay_url = coalesce($6, pay_url),
                                paid_at = coalesce($7, paid_at), duplicate = duplicate OR $8
                            WHERE id = $1 AND status = $2 RETURNING id
                        ), h AS (
                            INSERT INTO attempt_status_change (attempt_id, from_status, to_status, event, source,
                                                               detail, changed_at)
                            SELECT id, $2, $3, $11, $9, $10, $4 FROM c
                        )
                        SELECT count(*) AS changed FROM c""")
                .execute(Tuple.from(new Object[] { attempt.id(), attempt.status().name(), to.name(), Rows.at(now),
                        change.channelTradeNo(), change.payUrl(), Rows.at(change.paidAt()), change.duplicate(),
                        change.source(), change.detail(), event }))
                .map(rows -> rows.iterator().next().getLong("changed") == 1);
    }

    /** Stores the payer URL of a trade the channel accepted. */
    public Uni<Void> setPayUrl(String paymentId, String payUrl) {
        return pool.preparedQuery("UPDATE payment_attempt SET pay_url = $2 WHERE payment_id = $1")
                .execute(Tuple.of(paymentId, payUrl))
                .replaceWithVoid();
    }

    /** Asks for a query at {@code when} (e.g. after an unverifiable notify). */
    public Uni<Void> queryAt(String paymentId, Instant when) {
        return pool.preparedQuery("UPDATE payment_attempt SET next_query_at = least(next_query_at, $2)"
                        + " WHERE payment_id = $1 AND status IN ('CREATED', 'PENDING')")
                .execute(Tuple.of(paymentId, Rows.at(when)))
                .replaceWithVoid();
    }

    /**
     * Claims open attempts whose query is due: moves their next query time on by the step of their channel's backoff
     * schedule (chosen in SQL from the attempt's query count; the last step repeats) so no other instance takes them
     * meanwhile (SKIP LOCKED).
     */
    public Uni<List<StoredAttempt>> claimDue(Instant now, int limit, Map<Channel, List<Duration>> backoff) {
        JsonObject steps = new JsonObject();
        backoff.forEach((channel, schedule) -> steps.put(channel.name(),
                new JsonArray(schedule.stream().map(Duration::toSeconds).toList())));
        return pool.preparedQuery("""
                        UPDATE payment_attempt a
                        SET next_query_at = $1 + make_interval(secs => (($3::jsonb -> a.channel) ->> least(
                                a.query_count, jsonb_array_length($3::jsonb -> a.channel) - 1))::bigint),
                            query_count = a.query_count + 1
                        WHERE a.id IN (SELECT id FROM payment_attempt
                                       WHERE status IN ('CREATED', 'PENDING') AND next_query_at <= $1
                                       ORDER BY next_query_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                        RETURNING """ + " " + COLUMNS)
                .execute(Tuple.of(Rows.at(now), limit, steps))
                .map(rows -> Rows.list(rows, AttemptRepository::toAttempt));
    }

    /** A channel's checkouts opened in a span, and how many of them succeeded so far. */
    public record Checkouts(long opened, long succeeded) {
    }

    /**
     * A channel's payments paid in a span: how many were booked, how many of them on a notify (the rest on a query),
     * and the delay from the channel's payment time to the booking, 50th and 95th percentile in milliseconds.
     */
    public record Bookings(long booked, long byNotify, long p50Ms, long p95Ms) {
    }

    /** Per channel, the checkouts opened from {@code from} (inclusive) to {@code to}. */
    public Uni<Map<Channel, Checkouts>> checkouts(Instant from, Instant to) {
        return pool.preparedQuery("SELECT channel, count(*), count(*) FILTER (WHERE status = 'SUCCEEDED')"
                        + " FROM payment_attempt WHERE created_at >= $1 AND created_at <= $2 GROUP BY channel")
                .execute(Tuple.of(Rows.at(from), Rows.at(to)))
                .map(rows -> byChannel(rows, r -> new Checkouts(r.getLong(1), r.getLong(2))));
    }

    /** Per channel, the successes paid from {@code from} (inclusive) to {@code to}, as booked. */
    public Uni<Map<Channel, Bookings>> bookings(Instant from, Instant to) {
        return pool.preparedQuery("""
                        SELECT a.channel, count(*), count(*) FILTER (WHERE s.source = 'NOTIFY'),
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY d.ms),
                               percentile_cont(0.95) WITHIN GROUP (ORDER BY d.ms)
                        FROM payment_attempt a
                        JOIN attempt_status_change s ON s.attempt_id = a.id AND s.to_status = 'SUCCEEDED'
                        CROSS JOIN LATERAL (SELECT greatest(0, extract(epoch FROM s.changed_at - a.paid_at) * 1000)
                                            AS ms) d
                        WHERE a.status = 'SUCCEEDED' AND a.channel = ANY($3) AND a.paid_at >= $1 AND a.paid_at <= $2
                        GROUP BY a.channel""")
                // every channel named: one range of payment_attempt_paid (channel, paid_at) each, not the whole index
                .execute(Tuple.of(Rows.at(from), Rows.at(to), Arrays.stream(Channel.values()).map(Enum::name)
                        .toArray(String[]::new)))
                .map(rows -> byChannel(rows, r -> new Bookings(r.getLong(1), r.getLong(2),
                        Math.round(r.getDouble(3)), Math.round(r.getDouble(4)))));
    }

    private static <T> Map<Channel, T> byChannel(RowSet<Row> rows, Function<Row, T> figures) {
        Map<Channel, T> byChannel = new EnumMap<>(Channel.class);
        rows.forEach(r -> byChannel.put(Channel.valueOf(r.getString(0)), figures.apply(r)));
        return byChannel;
    }

    /** A unit's payments in each of the last days: {@code byDay[0]} the 24 hours up to now, [1] the 24 before… */
    public record UnitVolume(long unitId, long[] byDay) {
    }

    /**
     * Per unit, the payments its bills took (succeeded, not duplicates, by the channel's paid_at) in each of the
     * {@code days} 24-hour windows ending at {@code now}, {@code now} − 1 day…; units without any are left out. Read
     * through payment_attempt_paid, one range per channel.
     */
    public Uni<List<UnitVolume>> unitVolumes(Instant now, int days) {
        return pool.preparedQuery("""
                        SELECT o.unit_id, floor(extract(epoch FROM $1::timestamptz - a.paid_at) / 86400)::int AS days_ago,
                               count(*) AS paid
                        FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id
                        WHERE a.status = 'SUCCEEDED' AND a.channel = ANY($2) AND NOT a.duplicate
                          AND a.paid_at > $1::timestamptz - make_interval(days => $3) AND a.paid_at <= $1
                        GROUP BY 1, 2""")
                .execute(Tuple.of(Rows.at(now), Arrays.stream(Channel.values()).map(Enum::name)
                        .toArray(String[]::new), days))
                .map(rows -> {
                    Map<Long, long[]> byUnit = new TreeMap<>();
                    for (Row r : rows) {
                        int day = Math.min(days - 1, r.getInteger("days_ago"));
                        byUnit.computeIfAbsent(r.getLong("unit_id"), id -> new long[days])[day] += r.getLong("paid");
                    }
                    return byUnit.entrySet().stream().map(e -> new UnitVolume(e.getKey(), e.getValue())).toList();
                });
    }

    private static StoredAttempt toAttempt(Row r) {
        return new StoredAttempt(r.getLong("id"), r.getString("payment_id"), r.getLong("order_id"),
                Channel.valueOf(r.getString("channel")), AttemptStatus.valueOf(r.getString("status")),
                r.getLong("principal_fen"), r.getLong("late_fee_fen"), r.getLong("amount_fen"),
                r.getString("routing_reason"), r.getString("pay_url"), r.getString("channel_trade_no"),
                r.getBoolean("duplicate"), Rows.instant(r, "expires_at"), Rows.instant(r, "paid_at"),
                r.getInteger("query_count"), Rows.instant(r, "created_at"));
    }
}
