package io.govclear.payment.repository;

import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;

/**
 * The callback inbox (table channel_callback): every notify a channel sends is stored as received before anything
 * else happens, then its outcome is recorded. Nothing is ever deleted, so what a channel said can always be shown.
 */
@Singleton
public class CallbackInboxRepository {

    @Inject Pool pool;

    /** Stores a notify as received; emits its id. */
    public Uni<Long> receive(Channel channel, Instant receivedAt, Map<String, String> headers, byte[] body) {
        return pool.preparedQuery("INSERT INTO channel_callback (channel, received_at, headers, body)"
                        + " VALUES ($1, $2, $3, $4) RETURNING id")
                .execute(Tuple.of(channel.name(), Rows.at(receivedAt), new JsonObject(Map.copyOf(headers)),
                        Buffer.buffer(body)))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** The outcome of notify {@code id}; the detail is cut to its column (300). */
    public Uni<Void> record(long id, boolean verified, String paymentId, String notifyId, String outcome,
            String detail, Instant processedAt) {
        return pool.preparedQuery("UPDATE channel_callback SET verified = $2, payment_id = $3, notify_id = $4,"
                        + " outcome = $5, detail = left($6, 300), processed_at = $7 WHERE id = $1")
                .execute(Tuple.from(new Object[] { id, verified, paymentId, notifyId, outcome, detail,
                        Rows.at(processedAt) }))
                .replaceWithVoid();
    }
}
