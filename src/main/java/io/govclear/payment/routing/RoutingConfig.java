package io.govclear.payment.routing;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How checkout chooses a channel ({@code govclear.routing.*}): per channel its fee rate and maintenance windows.
 * Keys of {@code channels} are channel names (ALIPAY, WECHAT_PAY, UNIONPAY, …). Channel health has its own settings,
 * {@link io.govclear.channel.health.BreakerConfig}.
 */
@ConfigMapping(prefix = "govclear.routing")
public interface RoutingConfig {

    Map<String, ChannelPolicy> channels();

    interface ChannelPolicy {
        /** The channel's fee per payment in basis points of the amount (60 = 0.60 %); cheaper is offered first. */
        int feeRateBp();

        /**
         * Maintenance windows in business time (Asia/Shanghai): daily {@code HH:mm-HH:mm} (may wrap midnight) or
         * one-off {@code yyyy-MM-ddTHH:mm/yyyy-MM-ddTHH:mm}. A channel in maintenance is neither offered nor accepted.
         */
        Optional<List<String>> maintenance();
    }
}
