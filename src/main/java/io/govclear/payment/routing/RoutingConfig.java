package io.govclear.payment.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * How checkout chooses a channel ({@code govclear.routing.*}): per channel its fee rate. Keys of {@code channels} are
 * channel names (ALIPAY, WECHAT_PAY, UNIONPAY, …). Maintenance windows are in the database
 * ({@link MaintenanceSchedule}), set in the console; channel health has its own settings,
 * {@link io.govclear.channel.health.BreakerConfig}.
 */
@ConfigMapping(prefix = "govclear.routing")
public interface RoutingConfig {

    Map<String, ChannelPolicy> channels();

    /** How often each instance reloads the maintenance windows from the database (and at once after its own change). */
    @WithDefault("5s")
    Duration maintenanceRefresh();

    interface ChannelPolicy {
        /** The channel's fee per payment in basis points of the amount (60 = 0.60 %); cheaper is offered first. */
        int feeRateBp();
    }
}
