package io.govclear.reconciliation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;

/**
 * Reconciliation settings ({@code govclear.reconciliation.*}). Keys of {@code channels} are channel names; a channel
 * listed there is reconciled every day once its statement for the previous day is available.
 */
@ConfigMapping(prefix = "govclear.reconciliation")
public interface ReconciliationConfig {

    Map<String, ChannelStatement> channels();

    /** Whether the scheduler opens each listed channel's run for the previous day by itself. */
    @WithDefault("true")
    boolean daily();

    /** How often the scheduler looks for runs to open and runs to do. */
    Duration pollInterval();

    /** When a statement is not ready yet, how long until the next try. */
    @WithDefault("15m")
    Duration retryAfter();

    /** How long a claimed run belongs to its instance; a run still RUNNING after that is taken over. */
    @WithDefault("10m")
    Duration lease();

    interface ChannelStatement {
        /** Business time (Asia/Shanghai) from which the channel serves the previous day's statement. */
        LocalTime availableAt();
    }
}
