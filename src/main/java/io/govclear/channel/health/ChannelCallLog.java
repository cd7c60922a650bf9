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
import java.util.EnumMap;
import java.util.Map;

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

    @Inject Pool pool;
    @Inject Clock clock;

    /** A channel's calls in a span, and how many of them went unanswered (UNKNOWN: timeout, unreadable). */
    public record Answers(long calls, long unanswered) {
    }

    /** Per channel, the calls made from {@code from} (inclusive) to {@code to}, by every instance. */
    public Uni<Map<Channel, Answers>> answers(Instant from, Instant to) {
        return pool.preparedQuery("SELECT channel, count(*), count(*) FILTER (WHERE answer = 'UNKNOWN')"
                        + " FROM channel_call WHERE called_at >= $1 AND called_at <= $2 GROUP BY channel")
                .execute(Tuple.of(Rows.at(from), Rows.at(to)))
                .map(rows -> {
                    Map<Channel, Answers> answers = new EnumMap<>(Channel.class);
                    rows.forEach(r -> answers.put(Channel.valueOf(r.getString(0)),
                            new Answers(r.getLong(1), r.getLong(2))));
                    return answers;
                });
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
