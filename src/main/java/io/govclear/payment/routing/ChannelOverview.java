package io.govclear.payment.routing;

import io.govclear.channel.Channel;
import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.health.BreakerBoard;
import io.govclear.channel.health.ChannelCallLog;
import io.govclear.payment.repository.AttemptRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the online channels stand, for the console's channels page and {@code GET /api/v1/admin/channels}: per channel
 * of this build, every instance's circuit breaker ({@link BreakerBoard}), the last hour's figures, and its maintenance
 * windows ahead, in force, and over or cancelled in the last {@link MaintenanceSchedule#RECENT}.
 */
@Singleton
public class ChannelOverview {

    /** The span of the figures. */
    public static final Duration LAST = Duration.ofHours(1);

    /** One online channel. */
    public record ChannelView(Channel channel, List<BreakerView> breakers, LastHour lastHour,
            List<WindowView> maintenance) {
    }

    /** One instance's breaker of the channel; {@code stale} when that instance stopped publishing. */
    public record BreakerView(String instanceId, String state, Instant since, Instant updatedAt, boolean stale) {
    }

    /**
     * The channel's last hour: checkouts opened and how many succeeded ({@code successRateBp}, in basis points of the
     * checkouts; null without any), the engine's calls about trades and refunds and how many went unanswered, and the
     * payments paid: how many were booked, how many on a notify, and the notify delay from the channel's payment time
     * to the booking, 50th and 95th percentile (null without any).
     */
    public record LastHour(long checkouts, long succeeded, Integer successRateBp, long calls, long unansweredCalls,
            long booked, long bookedByNotify, Long notifyDelayP50Ms, Long notifyDelayP95Ms) {
    }

    /** A maintenance window with where it stands now: UPCOMING, CURRENT, OVER or CANCELLED. */
    public record WindowView(long id, Channel channel, Instant startsAt, Instant endsAt, String note, String status,
            String createdBy, String reason, Instant createdAt, String cancelledBy, Instant cancelledAt,
            String cancelReason) {

        public static WindowView of(MaintenanceWindow w, Instant now) {
            return new WindowView(w.id(), w.channel(), w.startsAt(), w.endsAt(), w.note(), w.phase(now).name(),
                    w.createdBy(), w.reason(), w.createdAt(), w.cancelledBy(), w.cancelledAt(), w.cancelReason());
        }
    }

    @Inject BreakerBoard breakers;
    @Inject ChannelCallLog calls;
    @Inject AttemptRepository attempts;
    @Inject MaintenanceSchedule maintenance;
    @Inject ChannelRegistry registry;
    @Inject Clock clock;

    /** Every online channel of this build, in the order of {@link ChannelRouter#ONLINE}. */
    public Uni<List<ChannelView>> channels() {
        Instant now = clock.instant();
        Instant from = now.minus(LAST);
        // independent reads, each on a pool connection of its own (no session is shared)
        return Uni.combine().all()
                .unis(breakers.all(), attempts.checkouts(from, now), attempts.bookings(from, now),
                        calls.answers(from, now), maintenance.recent())
                .with((published, checkouts, bookings, answers, windows) -> ChannelRouter.ONLINE.stream()
                        .filter(c -> registry.find(c).isPresent())
                        .map(c -> new ChannelView(c,
                                published.stream()
                                        .filter(b -> b.channel() == c)
                                        .map(b -> new BreakerView(b.instanceId(), b.state(), b.since(), b.updatedAt(),
                                                b.stale()))
                                        .toList(),
                                lastHour(c, checkouts, bookings, answers),
                                windows.stream()
                                        .filter(w -> w.channel() == c)
                                        .map(w -> WindowView.of(w, now))
                                        .toList()))
                        .toList());
    }

    private static LastHour lastHour(Channel c, Map<Channel, AttemptRepository.Checkouts> checkouts,
            Map<Channel, AttemptRepository.Bookings> bookings, Map<Channel, ChannelCallLog.Answers> answers) {
        AttemptRepository.Checkouts opened = checkouts.getOrDefault(c, new AttemptRepository.Checkouts(0, 0));
        AttemptRepository.Bookings booked = bookings.get(c);
        ChannelCallLog.Answers asked = answers.getOrDefault(c, new ChannelCallLog.Answers(0, 0));
        Integer rateBp = opened.opened() == 0 ? null
                : (int) ((opened.succeeded() * 10_000 + opened.opened() / 2) / opened.opened());
        return new LastHour(opened.opened(), opened.succeeded(), rateBp,
                asked.calls(), asked.unanswered(),
                booked == null ? 0 : booked.booked(), booked == null ? 0 : booked.byNotify(),
                booked == null ? null : booked.p50Ms(), booked == null ? null : booked.p95Ms());
    }
}
