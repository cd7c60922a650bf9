package io.govclear.channel.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The channels' circuit breakers ({@code govclear.channel-health.*}), the same thresholds for every channel. */
@ConfigMapping(prefix = "govclear.channel-health")
public interface BreakerConfig {

    /** The sliding window over which unanswered calls are counted. */
    @WithDefault("60s")
    Duration window();

    /** Fewer calls than this in the window never open the breaker. */
    @WithDefault("20")
    int minimumCalls();

    /** Share of unanswered calls (timeouts, unreadable answers) in the window that opens the breaker. */
    @WithDefault("50")
    int failureRatePercent();

    /** How long an open breaker keeps the channel out before letting a trial call through. */
    @WithDefault("30s")
    Duration openDuration();

    /**
     * How often each instance publishes its breakers to the database (table channel_breaker) for the channels page; a
     * row not updated for three of these is shown as stale.
     */
    @WithDefault("5s")
    Duration publishInterval();

    /** This instance's name on the channels page; the host name and process id when unset. */
    Optional<String> instanceId();
}
