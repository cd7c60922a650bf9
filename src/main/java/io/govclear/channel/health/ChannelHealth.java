package io.govclear.channel.health;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The health of each channel as this instance sees it: a circuit breaker per channel fed by every call made through
 * {@link io.govclear.channel.ChannelRegistry}. An UNKNOWN answer (timeout, unreadable) or a failed call counts
 * against the channel; any real answer (success, refusal, waiting) counts for it. Each instance keeps its own view,
 * as client-side breakers do. Exposed as {@code govclear_channel_breaker_state} (0 closed, 1 open, 2 half-open) and
 * {@code govclear_channel_calls_total{channel,operation,outcome}}, and in the {@code channels} health group.
 */
@Singleton
public class ChannelHealth {

    /**
     * What routing needs to know: can the channel be offered, and if not, until when it stays out; and since when the
     * breaker is in its state (the channels page shows it).
     */
    public record Status(Channel channel, String state, boolean available, Instant retryAt, Instant since) {
    }

    private final Map<Channel, CircuitBreaker> breakers = new EnumMap<>(Channel.class);
    private final Clock clock;
    private final MeterRegistry registry;

    public ChannelHealth(BreakerConfig b, Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.registry = registry;
        Instant start = clock.instant();
        for (Channel channel : Channel.values()) {
            CircuitBreaker breaker = new CircuitBreaker(b.window(), b.minimumCalls(), b.failureRatePercent(),
                    b.openDuration(), start);
            breakers.put(channel, breaker);
            Gauge.builder("govclear.channel.breaker.state", breaker, cb -> cb.state(clock.instant()).ordinal())
                    .description("Circuit breaker per channel: 0 closed, 1 open, 2 half-open")
                    .tag("channel", channel.name())
                    .register(registry);
        }
    }

    /** Records the answer of one call to a channel. */
    public void record(Channel channel, String operation, AnswerKind kind) {
        boolean answered = kind != AnswerKind.UNKNOWN;
        breakers.get(channel).record(answered, clock.instant());
        registry.counter("govclear.channel.calls", "channel", channel.name(), "operation", operation,
                "outcome", answered ? "ANSWERED" : "UNKNOWN").increment();
    }

    /** Records a call that failed without an answer. */
    public void recordError(Channel channel, String operation) {
        record(channel, operation, AnswerKind.UNKNOWN);
    }

    public Status status(Channel channel) {
        CircuitBreaker breaker = breakers.get(channel);
        Instant now = clock.instant();
        CircuitBreaker.State state = breaker.state(now);
        return new Status(channel, state.name(), state != CircuitBreaker.State.OPEN,
                state == CircuitBreaker.State.OPEN ? breaker.retryAt() : null, breaker.since(now));
    }
}
