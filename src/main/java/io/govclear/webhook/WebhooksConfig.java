package io.govclear.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Webhook delivery settings ({@code govclear.webhooks.*}, e.g. GOVCLEAR_WEBHOOKS_BACKOFF). */
@ConfigMapping(prefix = "govclear.webhooks")
public interface WebhooksConfig {

    /** Waits before each retry of a failed send; after the last one fails the event is FAILED. */
    @WithDefault("1m,5m,30m,2h,12h,24h")
    List<Duration> backoff();

    /** How often each instance looks for events that are due. */
    @WithDefault("5s")
    Duration interval();

    /** Connect and idle timeout of one send. */
    @WithDefault("10s")
    Duration timeout();

    /** When set, the most one send may take, however steadily the receiver trickles its answer; under the lease. */
    Optional<Duration> overallTimeout();

    /** How long a claimed event is held by the instance sending it; longer than the timeout. */
    @WithDefault("60s")
    Duration lease();

    /** Events one instance claims at a time. */
    @WithDefault("20")
    int batchSize();
}
