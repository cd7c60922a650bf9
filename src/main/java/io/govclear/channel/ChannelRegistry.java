package io.govclear.channel;

import io.govclear.channel.health.ChannelCallLog;
import io.govclear.channel.health.ChannelHealth;
import io.govclear.channel.health.MonitoredChannel;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The channel adapters present in this build, by channel, each wrapped so that its answers feed the channel's
 * circuit breaker ({@link ChannelHealth}) and its questions about trades and refunds are logged ({@link ChannelCallLog}).
 */
@Singleton
public class ChannelRegistry {

    private final Map<Channel, PaymentChannel> adapters = new EnumMap<>(Channel.class);

    public ChannelRegistry(Instance<PaymentChannel> all, ChannelHealth health, ChannelCallLog log,
            Clock clock) {
        for (PaymentChannel adapter : all) {
            adapters.put(adapter.channel(), new MonitoredChannel(adapter, health, log::record, clock::instant));
        }
    }

    public Optional<PaymentChannel> find(Channel channel) {
        return Optional.ofNullable(adapters.get(channel));
    }

    public PaymentChannel get(Channel channel) {
        return find(channel).orElseThrow(() -> new IllegalStateException("no adapter for " + channel));
    }

    /** The adapter serving /callbacks/{slug}; 404 for a path no channel uses. */
    public PaymentChannel bySlug(String slug) {
        return adapters.values().stream()
                .filter(a -> a.channel().slug().equals(slug))
                .findFirst()
                .orElseThrow(() -> new ProblemException(ProblemCode.NOT_FOUND, "No channel answers at this path"));
    }
}
