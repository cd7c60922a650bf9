package io.govclear.payment.service;

import io.govclear.channel.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What Prometheus needs to watch payments as the engine's alerts do (README "Alerts"), counted when a payment is
 * booked (in its transaction): {@code govclear_payments_booked_total{unit,channel}} (a bill's payment),
 * {@code govclear_payment_notify_delay_seconds{channel}} (from when the payer paid to the booking, a histogram) and
 * {@code govclear_duplicate_payments_total} (money no bill could take). The timers and the duplicate counter exist
 * from the start, so a rule over them sees the first event.
 */
@Startup
@Singleton
public class PaymentMetrics {

    /** The histogram's buckets: seconds to an hour, with the notify-delay alert's threshold (2 minutes) among them. */
    private static final Duration[] DELAY_BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(30), Duration.ofHours(1) };

    private final MeterRegistry registry;
    private final Map<Channel, Timer> delays = new EnumMap<>(Channel.class);
    private final Counter duplicates;

    public PaymentMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Channel channel : Channel.values()) {
            delays.put(channel, Timer.builder("govclear.payment.notify.delay")
                    .description("From when the channel says the payer paid to when the engine booked the payment")
                    .tag("channel", channel.name())
                    .serviceLevelObjectives(DELAY_BUCKETS)
                    .register(registry));
        }
        this.duplicates = Counter.builder("govclear.duplicate.payments")
                .description("Successes no bill could take (paid twice, or after it was closed): refunded")
                .register(registry);
    }

    /** A bill's payment was booked {@code bookedAt}; the channel says the payer paid {@code paidAt}. */
    public void booked(String unitCode, Channel channel, Instant paidAt, Instant bookedAt) {
        registry.counter("govclear.payments.booked", "unit", unitCode, "channel", channel.name()).increment();
        Duration delay = Duration.between(paidAt, bookedAt);
        delays.get(channel).record(delay.isNegative() ? Duration.ZERO : delay);
    }

    /** A duplicate payment was recorded. */
    public void duplicate() {
        duplicates.increment();
    }
}
