package io.govclear.reminder;

import io.govclear.common.Page;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The message outbox (table message_outbox): messages queued by the reminder job, claimed and moved on by the
 * sender through {@link MessageStatus#MACHINE}, and listed for staff: what was (or will be) sent to whom (masked).
 */
@Singleton
public class MessageOutbox {

    private static final String QUEUE = """
            INSERT INTO message_outbox (order_id, kind, channel, recipient_masked, text, as_of, late_fee_fen,
                                        total_due_fen, status, queued_at)
            SELECT t.id, t.kind, 'SMS', t.recipient, t.text, $1, t.fee, t.total, $9, $2
            FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
                 AS t(id, kind, recipient, text, fee, total)
            ON CONFLICT (order_id, kind) DO NOTHING""";

    private static final String CLAIM = """
            SELECT m.id, o.status AS order_status, o.payment_code, o.payer_enc
            FROM message_outbox m JOIN payment_order o ON o.id = m.order_id
            WHERE m.status = $2
            ORDER BY m.id LIMIT $1
            FOR UPDATE OF m SKIP LOCKED""";

    @Inject Pool pool;

    /** One message: the exact text, the masked recipient, the amounts as of the day it was queued. */
    public record Message(long id, String paymentCode, String kind, String channel, String recipient, String text,
            LocalDate asOf, long lateFeeFen, long totalDueFen, String status, OffsetDateTime queuedAt,
            OffsetDateTime sentAt) {
    }

    /** Queues one message per bill (the arrays are parallel), once per bill and kind; emits how many were new. */
    public Uni<Integer> queue(LocalDate asOf, Instant now, Long[] orderIds, String[] kinds, String[] recipients,
            String[] texts, Long[] lateFees, Long[] totals) {
        return pool.preparedQuery(QUEUE)
                .execute(Tuple.from(new Object[] { asOf, Rows.at(now), orderIds, kinds, recipients, texts, lateFees,
                        totals, MessageStatus.QUEUED.name() }))
                .map(rows -> rows.rowCount());
    }

    /** Claims up to {@code limit} queued messages with their bill's status and payer, for the rest of {@code tx}. */
    public Uni<List<Row>> claimQueued(SqlClient tx, int limit) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(limit, MessageStatus.QUEUED.name()))
                .map(rows -> Rows.list(rows, r -> r));
    }

    /** A claimed (QUEUED) message moves on; the edge is checked first. */
    public Uni<MessageStatus> move(SqlClient tx, long id, MessageStatus to, String recipientMasked, Instant now) {
        MessageStatus.MACHINE.event(MessageStatus.QUEUED, to);
        return tx.preparedQuery("UPDATE message_outbox SET status = $2, sent_at = $3,"
                        + " recipient_masked = coalesce($4, recipient_masked) WHERE id = $1 AND status = $5")
                .execute(Tuple.of(id, to.name(), Rows.at(now), recipientMasked, MessageStatus.QUEUED.name()))
                .replaceWith(to);
    }

    public Uni<Page<Message>> list(String status, String paymentCode, int page, int size) {
        String where = " WHERE ($1::text IS NULL OR m.status = $1) AND ($2::text IS NULL OR o.payment_code = $2)";
        String from = " FROM message_outbox m JOIN payment_order o ON o.id = m.order_id";
        return pool.preparedQuery("SELECT count(*) AS total" + from + where)
                .execute(Tuple.of(status, paymentCode))
                .map(rows -> rows.iterator().next().getLong("total"))
                .chain(total -> pool.preparedQuery("""
                                SELECT m.id, o.payment_code, m.kind, m.channel, m.recipient_masked, m.text, m.as_of,
                                       m.late_fee_fen, m.total_due_fen, m.status, m.queued_at, m.sent_at""" + from
                                + where + " ORDER BY m.id DESC LIMIT $3 OFFSET $4")
                        .execute(Tuple.of(status, paymentCode, size, (long) page * size))
                        .map(rows -> new Page<>(page, size, total, Rows.list(rows, MessageOutbox::message))));
    }

    private static Message message(Row r) {
        return new Message(r.getLong("id"), r.getString("payment_code"), r.getString("kind"), r.getString("channel"),
                r.getString("recipient_masked"), r.getString("text"), r.getLocalDate("as_of"),
                r.getLong("late_fee_fen"), r.getLong("total_due_fen"), r.getString("status"),
                Rows.at(Rows.instant(r, "queued_at")), Rows.at(Rows.instant(r, "sent_at")));
    }
}
