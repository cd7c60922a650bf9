package io.govclear.channel.health;

import io.govclear.channel.Channel;
import io.govclear.channel.ChannelRegistry;
import io.smallrye.health.api.HealthGroup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/group/channels}: each channel's breaker state; DOWN while any channel's breaker is open. Kept out
 * of readiness on purpose: one channel in trouble must not take the engine out of the load balancer.
 */
@HealthGroup("channels")
@Singleton
public class ChannelsHealthCheck implements HealthCheck {

    @Inject ChannelHealth health;
    @Inject ChannelRegistry registry;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("channels").up();
        for (Channel channel : Channel.values()) {
            if (registry.find(channel).isEmpty()) {
                continue;
            }
            ChannelHealth.Status status = health.status(channel);
            response.withData(channel.name(), status.state());
            if (!status.available()) {
                response.down();
            }
        }
        return response.build();
    }
}
