package io.govclear.channel.health;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The table channel_call: every question the engine put to a channel about a trade or a refund (query, close,
 * refund, refund query) and the answer, including the ones that changed nothing, so a bill's story shows what was
 * asked and what was said. Written before the answer is acted on.
 */
@Singleton
public class ChannelCallLog {

    /** One call: what was asked about which trade (and refund), and what came back. */
    public record Call(Channel channel, String operation, String paymentId, String refundId, AnswerKind answer,
            String channelStatus, String detail, Instant startedAt) {
    }

    /** A channel's calls in a window: how many, and how many went unanswered (UNKNOWN: timeout, 5xx, unreadable). */
    public record Answers(String channel, long calls, long unanswered) {
    }

    @Inject Pool pool;
    @Inject Clock clock;

    /** Per channel, the calls made from {@code from} to {@code to} (inclusive) and how many went unanswered. */
    public Uni<List<Answers>> answers(Instant from, Instant to) {
        return pool.preparedQuery("SELECT channel, count(*) AS calls, count(*) FILTER (WHERE answer = $3)"
                        + " AS unanswered FROM channel_call WHERE called_at >= $1 AND called_at <= $2"
                        + " GROUP BY channel ORDER BY channel")
                .execute(Tuple.of(Rows.at(from), Rows.at(to), AnswerKind.UNKNOWN.name()))
                .map(rows -> Rows.list(rows, r -> new Answers(r.getString("channel"), r.getLong("calls"),
                        r.getLong("unanswered"))));
    }

    /** Records a call that was answered (or ran out of time: UNKNOWN); the detail is cut to its column (300). */
    public Uni<Void> record(Call call) {
        Instant now = clock.instant();
        return pool.preparedQuery("INSERT INTO channel_call (called_at, channel, operation, payment_id, refund_id,"
                        + " answer, channel_status, detail, took_ms) VALUES ($1, $2, $3, $4, $5, $6, left($7, 64),"
                        + " left($8, 300), $9)")
                .execute(Tuple.from(new Object[] { Rows.at(call.startedAt()), call.channel().name(), call.operation(),
                    call.paymentId(), call.refundId(), call.answer().name(), call.channelStatus(), call.detail(),
                    (int) Math.min(Integer.MAX_VALUE, Duration.between(call.startedAt(), now).toMillis()) }))
                .replaceWithVoid();
    }
}
