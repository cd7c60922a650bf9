package io.govclear.payment.repository;

import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.govclear.payment.DuplicatePaymentStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/**
 * The table duplicate_payment: every statement that writes or claims it. Recorded by the payment flow and by
 * reconciliation, given back by the refund flow, undone by a same-day bank reversal; each move goes through
 * {@link DuplicatePaymentStatus#MACHINE}. All calls run on the caller's transaction.
 */
@Singleton
public class DuplicatePaymentRepository {

    /** A queued duplicate payment claimed for its refund. */
    public record Queued(long id, long orderId, String paymentCode, long attemptId, long amountFen, Channel channel,
            long unitId) {
    }

    /** Records the attempt's money as a duplicate payment of its bill, queued for refund. */
    public Uni<Void> record(SqlClient tx, long attemptId, long orderId, long amountFen, String reason, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO duplicate_payment (attempt_id, order_id, amount_fen, reason, status, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6)""")
                .execute(Tuple.from(new Object[] { attemptId, orderId, amountFen, reason,
                        DuplicatePaymentStatus.QUEUED_FOR_REFUND.name(), Rows.at(now) }))
                .replaceWithVoid();
    }

    /**
     * Records a succeeded attempt as a duplicate payment unless it is one already (reconciliation's finding); true
     * when it was recorded now.
     */
    public Uni<Boolean> recordIfAbsent(SqlClient tx, long attemptId, String reason, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO duplicate_payment (attempt_id, order_id, amount_fen, reason, status, created_at)
                        SELECT id, order_id, amount_fen, $2, $3, $4 FROM payment_attempt WHERE id = $1
                        ON CONFLICT (attempt_id) DO NOTHING""")
                .execute(Tuple.of(attemptId, reason, DuplicatePaymentStatus.QUEUED_FOR_REFUND.name(),
                        Rows.at(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Duplicate payments recorded from {@code from} to {@code to} (inclusive), whatever became of them. */
    public Uni<Long> countRecorded(SqlClient client, Instant from, Instant to) {
        return client.preparedQuery("SELECT count(*) FROM duplicate_payment WHERE created_at >= $1 AND created_at <= $2")
                .execute(Tuple.of(Rows.at(from), Rows.at(to)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Claims queued duplicate payments recorded before {@code cutoff} that have no refund yet, locked (SKIP LOCKED)
     * for the rest of the transaction so that N instances never take the same one.
     */
    public Uni<List<Queued>> claimQueued(SqlClient tx, Instant cutoff, int limit) {
        return tx.preparedQuery("""
                        SELECT d.id, d.order_id, o.payment_code, d.attempt_id, d.amount_fen, a.channel, o.unit_id
                        FROM duplicate_payment d JOIN payment_attempt a ON a.id = d.attempt_id
                             JOIN payment_order o ON o.id = d.order_id
                        WHERE d.status = $3 AND d.created_at <= $1
                          AND NOT EXISTS (SELECT 1 FROM refund r WHERE r.duplicate_payment_id = d.id)
                        ORDER BY d.created_at LIMIT $2
                        FOR UPDATE OF d SKIP LOCKED""")
                .execute(Tuple.of(Rows.at(cutoff), limit,
                        DuplicatePaymentStatus.QUEUED_FOR_REFUND.name()))
                .map(rows -> Rows.list(rows, r -> new Queued(r.getLong("id"), r.getLong("order_id"),
                        r.getString("payment_code"), r.getLong("attempt_id"), r.getLong("amount_fen"),
                        Channel.valueOf(r.getString("channel")), r.getLong("unit_id"))));
    }

    /** Compare-and-set of the duplicate payment {@code id}; false when it was no longer in {@code from}. */
    public Uni<Boolean> move(SqlClient tx, long id, DuplicatePaymentStatus from, DuplicatePaymentStatus to) {
        return move(tx, "id", id, from, to);
    }

    /** The same, for the duplicate payment of attempt {@code attemptId}. */
    public Uni<Boolean> moveOfAttempt(SqlClient tx, long attemptId, DuplicatePaymentStatus from,
            DuplicatePaymentStatus to) {
        return move(tx, "attempt_id", attemptId, from, to);
    }

    private static Uni<Boolean> move(SqlClient tx, String key, long value, DuplicatePaymentStatus from,
            DuplicatePaymentStatus to) {
        DuplicatePaymentStatus.MACHINE.event(from, to);
        return tx.preparedQuery("UPDATE duplicate_payment SET status = $3 WHERE " + key + " = $1 AND status = $2")
                .execute(Tuple.of(value, from.name(), to.name()))
                .map(rows -> rows.rowCount() == 1);
    }
}
