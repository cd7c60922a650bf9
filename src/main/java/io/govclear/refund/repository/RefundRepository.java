package io.govclear.refund.repository;

import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.govclear.order.OrderStatus;
import io.govclear.refund.RefundStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Refunds in PostgreSQL, with the reactive Pool and plain SQL like the attempts they refund. Every status change is
 * compare-and-set with its history row and audit event in the same statement.
 */
@Singleton
public class RefundRepository {

    private static final String SELECT = """
            SELECT r.id, r.refund_id, r.order_id, o.payment_code, r.attempt_id, a.payment_id,
                   a.amount_fen AS attempt_amount_fen, r.channel, r.unit_id, r.kind, r.refund_request_no,
                   r.request_hash, r.duplicate_payment_id, r.amount_fen, r.reason, r.status, r.needs_approval,
                   r.decided_by, r.channel_refund_no, r.detail, r.created_at, r.updated_at, r.succeeded_at
            FROM refund r JOIN payment_order o ON o.id = r.order_id JOIN payment_attempt a ON a.id = r.attempt_id
            """;

    private static final String INSERT = """
            WITH n AS (
                SELECT nextval('refund_seq') AS id
            ), r AS (
                INSERT INTO refund (id, refund_id, order_id, attempt_id, channel, unit_id, kind, refund_request_no,
                                    request_hash, duplicate_payment_id, amount_fen, reason, status, needs_approval,
                                    created_at, updated_at)
                SELECT n.id, 'RF' || $1::text || lpad(n.id::text, 12, '0'), $2::bigint, $3::bigint, $4::text,
                       $5::bigint, $6::text, $7::text, $8::bytea, $9::bigint, $10::bigint, $11::text, 'REQUESTED',
                       $12::boolean, $13::timestamptz, $13::timestamptz
                FROM n
                RETURNING id, refund_id
            ), h AS (
                INSERT INTO refund_status_change (refund_id, from_status, to_status, source, detail, changed_at)
                SELECT id, NULL, 'REQUESTED', $14::text, $11::text, $13::timestamptz FROM r
            ), a AS (
                INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type, subject_id, details)
                SELECT $13::timestamptz, $14::text, $15::text, 'REFUND_REQUESTED', 'REFUND', refund_id,
                       jsonb_build_object('paymentCode', $16::text, 'amountFen', $10::bigint, 'reason', $11::text,
                                          'needsApproval', $12::boolean)
                FROM r
            )
            SELECT id FROM r""";

    private static final String TRANSITION = """
            WITH c AS (
                UPDATE refund SET status = $3, updated_at = $4, detail = coalesce($5, detail),
                                  channel_refund_no = coalesce($6, channel_refund_no),
                                  decided_by = coalesce($7, decided_by), next_query_at = $8,
                                  succeeded_at = coalesce($12, succeeded_at)
                WHERE id = $1 AND status = $2
                RETURNING id, refund_id
            ), h AS (
                INSERT INTO refund_status_change (refund_id, from_status, to_status, event, source, detail,
                                                  changed_at)
                SELECT id, $2, $3, $13, $9, $5, $4 FROM c
            ), a AS (
                INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type, subject_id, details)
                SELECT $4, $9, $10, $11, 'REFUND', refund_id,
                       jsonb_build_object('from', $2::text, 'to', $3::text, 'detail', $5::text)
                FROM c
            )
            SELECT count(*) AS changed FROM c""";

    /** The statuses whose amount counts against what was paid. */
    private static final String[] HOLDING = Arrays.stream(RefundStatus.values())
            .filter(RefundStatus::holdsAmount)
            .map(RefundStatus::name)
            .toArray(String[]::new);

    @Inject Pool pool;

    /** A bill as read under a row lock for a refund: its status and the attempt that paid it. */
    public record LockedOrder(long id, String paymentCode, long unitId, OrderStatus status, Long paidAttemptId,
            Long paidAmountFen, Channel channel) {
    }

    /** What a bill's unit refunds add up to: reserved (not failed or rejected) and succeeded. */
    public record Totals(long heldFen, long succeededFen) {
    }

    /** A new refund, as {@link #insert} records it in REQUESTED. */
    public record NewRefund(String idDate, long orderId, long attemptId, Channel channel, long unitId,
            StoredRefund.Kind kind, String refundRequestNo, byte[] requestHash, Long duplicatePaymentId,
            long amountFen, String reason, boolean needsApproval, String paymentCode) {
    }

    /** Locks a bill for the rest of the transaction: refunds of one bill are decided one at a time. */
    public Uni<Optional<LockedOrder>> lockOrder(SqlClient tx, long orderId) {
        return tx.preparedQuery("""
                        SELECT o.id, o.payment_code, o.unit_id, o.status, o.paid_attempt_id, a.amount_fen, a.channel
                        FROM payment_order o LEFT JOIN payment_attempt a ON a.id = o.paid_attempt_id
                        WHERE o.id = $1 FOR UPDATE OF o""")
                .execute(Tuple.of(orderId))
                .map(rows -> Rows.first(rows, r -> {
                    String channel = r.getString("channel");
                    return new LockedOrder(r.getLong("id"), r.getString("payment_code"), r.getLong("unit_id"),
                            OrderStatus.valueOf(r.getString("status")), r.getLong("paid_attempt_id"),
                            r.getLong("amount_fen"), channel == null ? null : Channel.valueOf(channel));
                }));
    }

    /** Sums of the bill's unit refunds (duplicate refunds give back other money and are not counted). */
    public Uni<Totals> totals(SqlClient client, long orderId) {
        return client.preparedQuery("""
                        SELECT coalesce(sum(amount_fen) FILTER (WHERE status = ANY($2)), 0) AS held,
                               coalesce(sum(amount_fen) FILTER (WHERE status = 'SUCCEEDED'), 0) AS succeeded
                        FROM refund WHERE order_id = $1 AND kind = 'UNIT'""")
                .execute(Tuple.of(orderId, HOLDING))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Totals(r.getLong("held"), r.getLong("succeeded"));
                });
    }

    /** Records a refund in REQUESTED with its history row and audit event; returns it as stored. */
    public Uni<StoredRefund> insert(SqlClient tx, NewRefund n, Instant now, String actorType, String actor) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] { n.idDate(), n.orderId(), n.attemptId(), n.channel().name(),
                        n.unitId(), n.kind().name(), n.refundRequestNo(),
                        n.requestHash() == null ? null : Buffer.buffer(n.requestHash()), n.duplicatePaymentId(),
                        n.amountFen(), n.reason(), n.needsApproval(), Rows.at(now), actorType, actor,
                        n.paymentCode() }))
                .chain(rows -> find(tx, "r.id = $1", rows.iterator().next().getLong("id")))
                .map(Optional::orElseThrow);
    }

    public Uni<Optional<StoredRefund>> findByRequestNo(SqlClient client, long unitId, String refundRequestNo) {
        return client.preparedQuery(SELECT + " WHERE r.unit_id = $1 AND r.refund_request_no = $2")
                .execute(Tuple.of(unitId, refundRequestNo))
                .map(rows -> Rows.first(rows, RefundRepository::toRefund));
    }

    public Uni<Optional<StoredRefund>> findByRefundId(String refundId) {
        return find(pool, "r.refund_id = $1", refundId);
    }

    /** Locks a refund (its bill must be locked first, see {@link #lockOrder}). */
    public Uni<Optional<StoredRefund>> lock(SqlClient tx, String refundId) {
        return tx.preparedQuery(SELECT + " WHERE r.refund_id = $1 FOR UPDATE OF r")
                .execute(Tuple.of(refundId))
                .map(rows -> Rows.first(rows, RefundRepository::toRefund));
    }

    /** The bill a refund belongs to, for locking it first. */
    public Uni<Optional<Long>> orderIdOf(SqlClient client, String refundId) {
        return client.preparedQuery("SELECT order_id FROM refund WHERE refund_id = $1")
                .execute(Tuple.of(refundId))
                .map(rows -> Rows.first(rows, r -> r.getLong(0)));
    }

    public Uni<List<StoredRefund>> listForOrder(long orderId) {
        return pool.preparedQuery(SELECT + " WHERE r.order_id = $1 ORDER BY r.id")
                .execute(Tuple.of(orderId))
                .map(rows -> Rows.list(rows, RefundRepository::toRefund));
    }

    /** Refunds for finance staff, newest first, optionally by status. */
    public Uni<List<StoredRefund>> list(RefundStatus status, int limit) {
        return pool.preparedQuery(SELECT + " WHERE ($1::text IS NULL OR r.status = $1) ORDER BY r.id DESC LIMIT $2")
                .execute(Tuple.of(status == null ? null : status.name(), limit))
                .map(rows -> Rows.list(rows, RefundRepository::toRefund));
    }

    /**
     * Compare-and-set status change with its history row and audit event. False when the refund was no longer in
     * its status. {@code nextQueryAt} is when to query it next (null: never); the channel's refund number and the
     * deciding staff user are set when given.
     */
    public Uni<Boolean> transition(SqlClient tx, StoredRefund refund, RefundStatus to, Change change, Instant now) {
        String event = RefundStatus.MACHINE.event(refund.status(), to);
        return tx.preparedQuery(TRANSITION)
                .execute(Tuple.from(new Object[] { refund.id(), refund.status().name(), to.name(), Rows.at(now),
                        truncate(change.detail()), change.channelRefundNo(), change.decidedBy(),
                        Rows.at(change.nextQueryAt()), change.actorType(), change.actor(), change.action(),
                        to == RefundStatus.SUCCEEDED ? Rows.at(now) : null, event }))
                .map(rows -> rows.iterator().next().getLong("changed") == 1);
    }

    /** Who changed a refund and why: for the history row and the audit event. */
    public record Change(String actorType, String actor, String action, String detail, String channelRefundNo,
            String decidedBy, Instant nextQueryAt) {
    }

    /**
     * Claims submitted refunds whose query is due: moves their next query time on by the backoff step (chosen in
     * SQL from the query count) so no other instance takes them meanwhile (SKIP LOCKED).
     */
    public Uni<List<StoredRefund>> claimDue(Instant now, int limit, long[] backoffSeconds) {
        Long[] steps = new Long[backoffSeconds.length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = backoffSeconds[i];
        }
        return pool.preparedQuery("""
                        WITH c AS (
                            UPDATE refund r
                            SET next_query_at = $1 + make_interval(secs => ($3::bigint[])[least(r.query_count + 1,
                                                                                                cardinality($3))]),
                                query_count = r.query_count + 1
                            WHERE r.id IN (SELECT id FROM refund WHERE status = 'SUBMITTED' AND next_query_at <= $1
                                           ORDER BY next_query_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                            RETURNING r.refund_id
                        )
                        """ + SELECT + " WHERE r.refund_id IN (SELECT refund_id FROM c)")
                .execute(Tuple.of(Rows.at(now), limit, steps))
                .map(rows -> Rows.list(rows, RefundRepository::toRefund));
    }

    private static Uni<Optional<StoredRefund>> find(SqlClient client, String where, Object arg) {
        return client.preparedQuery(SELECT + " WHERE " + where)
                .execute(Tuple.of(arg))
                .map(rows -> Rows.first(rows, RefundRepository::toRefund));
    }

    private static StoredRefund toRefund(Row r) {
        var hash = r.getBuffer("request_hash");
        return new StoredRefund(r.getLong("id"), r.getString("refund_id"), r.getLong("order_id"),
                r.getString("payment_code"), r.getLong("attempt_id"), r.getString("payment_id"),
                r.getLong("attempt_amount_fen"), Channel.valueOf(r.getString("channel")), r.getLong("unit_id"),
                StoredRefund.Kind.valueOf(r.getString("kind")), r.getString("refund_request_no"),
                hash == null ? null : hash.getBytes(), r.getLong("duplicate_payment_id"), r.getLong("amount_fen"),
                r.getString("reason"), RefundStatus.valueOf(r.getString("status")), r.getBoolean("needs_approval"),
                r.getString("decided_by"), r.getString("channel_refund_no"), r.getString("detail"),
                Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"), Rows.instant(r, "succeeded_at"));
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 300 ? detail : detail.substring(0, 300);
    }
}
