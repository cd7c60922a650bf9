package io.govclear.payment.service;

import io.govclear.channel.Channel;
import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.PaymentChannel;
import io.govclear.common.GovClearConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When open attempts are queried, per channel: the adapter's own schedule (UnionPay documents 1, 2, 4, 8, 16, 32 s)
 * or else govclear.payments.query-backoff. The last step repeats.
 */
@Singleton
public class QueryBackoff {

    private final Map<Channel, List<Duration>> schedules = new EnumMap<>(Channel.class);

    public QueryBackoff(ChannelRegistry channels, GovClearConfig config) {
        List<Duration> global = config.payments().queryBackoff();
        for (Channel channel : Channel.values()) {
            List<Duration> own = channels.find(channel).map(PaymentChannel::queryBackoff).orElse(List.of());
            schedules.put(channel, List.copyOf(own.isEmpty() ? global : own));
        }
    }

    /** Every channel's schedule. */
    public Map<Channel, List<Duration>> all() {
        return Collections.unmodifiableMap(schedules);
    }

    /** How long after creation an attempt on this channel is first queried. */
    public Duration first(Channel channel) {
        return schedules.get(channel).get(0);
    }
}
