package io.govclear.simulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
 * test plays. The control exists only with {@code govclear.simulator.clock.control=true}; a real channel's clock is
 * its own. The channels' business day is Beijing time's.
 */
@Path("/sim/clock")
public class SimClock {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Whether the offset may be moved. */
    @ConfigMapping(prefix = "govclear.simulator.clock")
    public interface Control {
        @WithDefault("false")
        boolean control();
    }

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
    }

    /** Body of the control call. */
    public record Offset(Long offsetMillis) {
    }

    private final Shifted clock;
    private final Control control;

    SimClock(Shifted clock, Control control) {
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
        if (!control.control()) {
            throw SimProblem.notFound("NOT_FOUND", "The clock control is off (govclear.simulator.clock.control)");
        }
        if (offset == null || offset.offsetMillis() == null) {
            throw SimProblem.invalid("offsetMillis", "is required");
        }
        clock.offsetMillis.set(offset.offsetMillis());
        return offset;
    }
}
