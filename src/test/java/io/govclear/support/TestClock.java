package io.govclear.support;

import io.govclear.common.Clocks;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's clock in tests: real time plus an offset that a test can move. The channel simulators' clock follows
 * it (their clock control, see {@link Simulators#shiftClock}), as real clocks on both sides agree.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration by) {
        Simulators.shiftClock(offset.updateAndGet(d -> d.plus(by)));
    }

    public void reset() {
        offset.set(Duration.ZERO);
        Simulators.shiftClock(Duration.ZERO);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(instant(), Clocks.BUSINESS_ZONE);
    }

    @Override
    public ZoneId getZone() {
        return Clocks.BUSINESS_ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset.get());
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
