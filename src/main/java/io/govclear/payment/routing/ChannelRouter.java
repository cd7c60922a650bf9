package io.govclear.payment.routing;

import io.govclear.catalog.Catalog;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.health.ChannelHealth;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Chooses the channel for a checkout. A channel can be offered when the unit accepts it, this build has its adapter,
 * it is not in a maintenance window ({@link MaintenanceSchedule}) and its circuit breaker is not open; among those the
 * cheapest (fee rate) comes first, ties in the order of {@link #ONLINE}. A channel the payer names is checked the same
 * way. The reason for the choice is recorded on the attempt.
 */
@Singleton
public class ChannelRouter {

    /** The channels a payer can choose at checkout; bank counters come in through the bank API. */
    public static final List<Channel> ONLINE = List.of(Channel.ALIPAY, Channel.WECHAT_PAY, Channel.UNIONPAY);

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** The chosen channel and why. */
    public record Route(Channel channel, String reason) {
    }

    /** Why a channel cannot take a payment now; null refusal means it can. */
    private record Assessment(Channel channel, int feeRateBp, ProblemException refusal) {

        boolean available() {
            return refusal == null;
        }

        String fee() {
            return String.format("%d.%02d%%", feeRateBp / 100, feeRateBp % 100);
        }
    }

    private final ChannelRegistry registry;
    private final ChannelHealth health;
    private final MaintenanceSchedule maintenance;
    private final Clock clock;
    private final Map<Channel, Integer> feeRates = new EnumMap<>(Channel.class);

    public ChannelRouter(RoutingConfig config, ChannelRegistry registry, ChannelHealth health,
            MaintenanceSchedule maintenance, Clock clock) {
        this.registry = registry;
        this.health = health;
        this.maintenance = maintenance;
        this.clock = clock;
        config.channels().forEach((name, policy) -> {
            Channel channel;
            try {
                channel = Channel.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("govclear.routing.channels." + name + ": no such channel");
            }
            feeRates.put(channel, policy.feeRateBp());
        });
        for (Channel channel : ONLINE) {
            if (registry.find(channel).isPresent() && !feeRates.containsKey(channel)) {
                throw new IllegalArgumentException("govclear.routing.channels." + channel.name()
                        + ".fee-rate-bp is missing: every online channel needs its fee rate");
            }
        }
    }

    /** The payer's channel checked, or the best channel for the bill when none is named. */
    public Route choose(Catalog.Unit unit, Channel requested) {
        if (requested != null) {
            Assessment a = assess(unit, requested);
            if (!a.available()) {
                throw a.refusal();
            }
            return new Route(requested, "payer chose " + requested + " (fee " + a.fee() + ")");
        }
        List<Assessment> all = ONLINE.stream().map(c -> assess(unit, c)).toList();
        List<Assessment> ranked = rank(all);
        if (ranked.isEmpty()) {
            boolean anyAccepted = all.stream().anyMatch(a -> a.refusal().code() != ProblemCode.CHANNEL_NOT_AVAILABLE);
            throw anyAccepted
                    ? new ProblemException(ProblemCode.NO_CHANNEL_AVAILABLE,
                            "No channel can take this bill right now: " + outs(all) + "; try again later")
                    : notAccepted("No online channel can take this bill");
        }
        Assessment best = ranked.get(0);
        List<String> notes = new ArrayList<>();
        ranked.stream().skip(1).forEach(a -> notes.add(a.channel() + " " + a.fee()));
        String out = outs(all);
        String reason = "routed to " + best.channel() + ": cheapest available (fee " + best.fee() + ")"
                + (notes.isEmpty() ? "" : "; also " + String.join(", ", notes))
                + (out.isEmpty() ? "" : "; out: " + out);
        return new Route(best.channel(), reason.length() > 500 ? reason.substring(0, 500) : reason);
    }

    /** The channels the cashier page offers for this unit's bill, cheapest first. */
    public List<Channel> offers(Catalog.Unit unit) {
        return rank(ONLINE.stream().map(c -> assess(unit, c)).toList()).stream().map(Assessment::channel).toList();
    }

    /**
     * The maintenance windows the cashier page announces for this unit's bill: of each channel the unit accepts and
     * this build has, the windows in force now or starting within {@code ahead}, in the order of {@link #ONLINE}.
     */
    public List<MaintenanceWindow> announced(Catalog.Unit unit, Duration ahead) {
        Instant now = clock.instant();
        return ONLINE.stream()
                .filter(c -> accepts(unit, c))
                .flatMap(c -> maintenance.announced(c, now, ahead).stream())
                .toList();
    }

    private boolean accepts(Catalog.Unit unit, Channel channel) {
        return unit.allowedChannels().contains(channel.name()) && registry.find(channel).isPresent();
    }

    private Assessment assess(Catalog.Unit unit, Channel channel) {
        int fee = feeRates.getOrDefault(channel, 0);
        if (!ONLINE.contains(channel) || !accepts(unit, channel)) {
            return new Assessment(channel, fee, notAccepted(channel + " cannot be used for this bill"));
        }
        Optional<Instant> until = maintenance.until(channel, clock.instant());
        if (until.isPresent()) {
            return new Assessment(channel, fee, new ProblemException(ProblemCode.CHANNEL_IN_MAINTENANCE,
                    channel + " is in maintenance until "
                            + UNTIL.format(LocalDateTime.ofInstant(until.get(), Clocks.BUSINESS_ZONE))
                            + " (Beijing time); choose another channel"));
        }
        ChannelHealth.Status status = health.status(channel);
        if (!status.available()) {
            return new Assessment(channel, fee, new ProblemException(ProblemCode.CHANNEL_UNAVAILABLE,
                    channel + " is failing to answer; try again after "
                            + UNTIL.format(LocalDateTime.ofInstant(status.retryAt(), Clocks.BUSINESS_ZONE))
                            + " (Beijing time) or choose another channel"));
        }
        return new Assessment(channel, fee, null);
    }

    private static List<Assessment> rank(List<Assessment> all) {
        return all.stream()
                .filter(Assessment::available)
                .sorted(Comparator.comparingInt(Assessment::feeRateBp))
                .toList();
    }

    /** The accepted channels that are out, with why (a unit's refusals are not news). */
    private static String outs(List<Assessment> all) {
        return all.stream()
                .filter(a -> !a.available() && a.refusal().code() != ProblemCode.CHANNEL_NOT_AVAILABLE)
                .map(a -> a.channel() + " " + (a.refusal().code() == ProblemCode.CHANNEL_IN_MAINTENANCE
                        ? "in maintenance" : "breaker open"))
                .collect(Collectors.joining(", "));
    }

    private static ProblemException notAccepted(String detail) {
        return new ProblemException(ProblemCode.CHANNEL_NOT_AVAILABLE, detail);
    }
}
