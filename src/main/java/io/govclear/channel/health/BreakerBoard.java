package io.govclear.channel.health;

import io.govclear.channel.Channel;
import io.govclear.channel.ChannelRegistry;
import io.govclear.common.Rows;
import io.govclear.common.ScheduledRuns;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every instance's circuit breakers where every instance can read them (table channel_breaker, V26): each instance
 * upserts its breakers of the channels it has adapters for every {@code publish-interval}, so the channels page shows
 * each instance's view. A row not updated for {@link #STALE_AFTER} intervals belongs to an instance that is gone or
 * stuck; after {@link #FORGOTTEN_AFTER} it is deleted (by any instance: deleting twice is harmless).
 */
@Startup
@Singleton
public class BreakerBoard {

    private static final Logger LOG = Logger.getLogger(BreakerBoard.class);

    /** Publish intervals without an update after which an instance's row is shown as stale. */
    public static final int STALE_AFTER = 3;
    static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

    /** One instance's breaker of one channel as last published (this instance's as it is now). */
    public record Published(String instanceId, Channel channel, String state, Instant since, Instant updatedAt,
            boolean stale) {
    }

    @Inject Pool pool;
    @Inject ChannelHealth health;
    @Inject ChannelRegistry registry;
    @Inject Clock clock;

    private final BreakerConfig config;
    private final String instanceId;

    public BreakerBoard(BreakerConfig config) {
        this.config = config;
        this.instanceId = config.instanceId().orElseGet(BreakerBoard::hostAndProcess);
        if (instanceId.isBlank() || instanceId.length() > 100) {
            throw new IllegalArgumentException("govclear.channel-health.instance-id must be 1-100 characters");
        }
    }

    /** This instance's name on the channels page. */
    public String instanceId() {
        return instanceId;
    }

    @Scheduled(every = "${govclear.channel-health.publish-interval}", identity = "breaker-publish",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return ScheduledRuns.warnOnFailure(publish(), LOG, "publishing the circuit breakers failed; the next run"
                + " tries again");
    }

    /** Upserts this instance's breakers, then forgets the instances silent for {@link #FORGOTTEN_AFTER}. */
    public Uni<Void> publish() {
        Instant now = clock.instant();
        List<ChannelHealth.Status> statuses = mine();
        String[] channels = statuses.stream().map(s -> s.channel().name()).toArray(String[]::new);
        String[] states = statuses.stream().map(ChannelHealth.Status::state).toArray(String[]::new);
        OffsetDateTime[] since = statuses.stream().map(s -> Rows.at(s.since())).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery("INSERT INTO channel_breaker (instance_id, channel, state, since, updated_at)"
                        + " SELECT $1, c, s, t, $5"
                        + " FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS u (c, s, t)"
                        + " ON CONFLICT (instance_id, channel) DO UPDATE SET state = excluded.state,"
                        + " since = excluded.since, updated_at = excluded.updated_at")
                .execute(Tuple.of(instanceId, channels, states, since, Rows.at(now)))
                .chain(() -> pool.preparedQuery("DELETE FROM channel_breaker WHERE updated_at < $1")
                        .execute(Tuple.of(Rows.at(now.minus(FORGOTTEN_AFTER)))))
                .replaceWithVoid();
    }

    /**
     * Every instance's breakers: this instance's first, as they are now, then the others' by channel and instance as
     * they last published them, stale when that is more than {@link #STALE_AFTER} intervals ago.
     */
    public Uni<List<Published>> all() {
        Instant now = clock.instant();
        Instant fresh = now.minus(config.publishInterval().multipliedBy(STALE_AFTER));
        return pool.preparedQuery("SELECT instance_id, channel, state, since, updated_at FROM channel_breaker"
                        + " WHERE instance_id <> $1 ORDER BY channel, instance_id")
                .execute(Tuple.of(instanceId))
                .map(rows -> {
                    List<Published> all = new ArrayList<>();
                    for (ChannelHealth.Status s : mine()) {
                        all.add(new Published(instanceId, s.channel(), s.state(), s.since(), now, false));
                    }
                    rows.forEach(r -> all.add(new Published(r.getString(0), Channel.valueOf(r.getString(1)),
                            r.getString(2), Rows.instant(r, 3), Rows.instant(r, 4),
                            Rows.instant(r, 4).isBefore(fresh))));
                    return all;
                });
    }

    private List<ChannelHealth.Status> mine() {
        return Arrays.stream(Channel.values())
                .filter(c -> registry.find(c).isPresent())
                .map(health::status)
                .toList();
    }

    private static String hostAndProcess() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        String id = host + "-" + ProcessHandle.current().pid();
        return id.length() > 100 ? id.substring(id.length() - 100) : id;
    }
}
