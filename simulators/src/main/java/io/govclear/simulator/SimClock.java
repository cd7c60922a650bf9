package io.govclear.simulator;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulators' clock: real time, plus an offset that the engine's tests may move with the engine's own test clock
 * ({@code PUT /sim/clock {"offsetMillis": …}}), so a channel's day, timeouts and signature windows follow the day a
 * test plays. The control exists only with {@code govclear.simulator.test-controls=true}; a real channel's clock
 * is its own. The channels' business day is Beijing time's.
 */
@Path("/sim/clock")
public class SimClock {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Real time shifted by an offset. */
    public static final class Shifted extends Clock {

        private final AtomicLong offsetMillis = new AtomicLong();

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.offset(Clock.system(zone), Duration.ofMillis(offsetMillis.get()));
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }

        /** Real time plus {@code offset} from now on. */
        public void shift(Duration offset) {
            offsetMillis.set(offset.toMillis());
        }
    }

    /** Body of the control call. */
    public record Offset(Long offsetMillis) {
    }

    private final Shifted clock;
    private final SimulatorConfig control;

    SimClock(Shifted clock, SimulatorConfig control) {
        this.clock = clock;
        this.control = control;
    }

    /** The one clock of every simulator (injected as {@link Clock}). */
    @jakarta.enterprise.inject.Produces
    @Singleton
    static Shifted shifted() {
        return new Shifted();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Offset offset() {
        return new Offset(clock.offsetMillis.get());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Offset shift(Offset offset) {
        if (!control.testControls()) {
            throw SimProblem.notFound("NOT_FOUND", "The test controls are off (govclear.simulator.test-controls)");
        }
        if (offset == null || offset.offsetMillis() == null) {
            throw SimProblem.invalid("offsetMillis", "is required");
        }
        clock.shift(Duration.ofMillis(offset.offsetMillis()));
        return offset;
    }
}
