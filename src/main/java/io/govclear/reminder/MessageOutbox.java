package io.govclear.reminder;

import io.govclear.common.Page;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** The message outbox as staff see it: what was (or will be) sent to whom (masked), newest first. */
@Singleton
public class MessageOutbox {

    private final Pool pool;

    public MessageOutbox(Pool pool) {
        this.pool = pool;
    }

    /** One message: the exact text, the masked recipient, the amounts as of the day it was queued. */
    public record Message(long id, String paymentCode, String kind, String channel, String recipient, String text,
            LocalDate asOf, long lateFeeFen, long totalDueFen, String status, OffsetDateTime queuedAt,
            OffsetDateTime sentAt) {
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
