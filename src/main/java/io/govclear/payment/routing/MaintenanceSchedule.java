package io.govclear.payment.routing;

import io.govclear.audit.AuditLog;
import io.govclear.channel.Channel;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.ScheduledRuns;
import io.govclear.common.Transactions;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The online channels' maintenance windows (table channel_maintenance, V26). An ADMIN announces a window with a
 * reason, or cancels one with a reason, once; each change is audited in its transaction. The database is the one
 * source: each instance keeps the windows that are not over in memory for routing, reloads them every
 * {@code govclear.routing.maintenance-refresh} (so all instances agree within seconds) and at once after a change
 * made through it.
 */
@Singleton
public class MaintenanceSchedule {

    private static final Logger LOG = Logger.getLogger(MaintenanceSchedule.class);

    /** The longest window: a channel out for longer is one its units should stop offering. */
    static final Duration LONGEST = Duration.ofDays(7);
    /** How far ahead a window may be announced. */
    static final Duration FURTHEST = Duration.ofDays(366);
    /** How long ago a window may start: the time it takes to fill in the form for one that starts now. */
    static final Duration SLACK = Duration.ofMinutes(15);
    /** How long the channels page goes on listing a window after it ended. */
    public static final Duration RECENT = Duration.ofDays(7);
    /** Windows that ended this long ago are still loaded: harmless, and right for a clock moved back (tests). */
    private static final Duration KEPT = Duration.ofDays(1);
    /** The setting that held maintenance windows before they moved to the database, as a property or variable. */
    private static final Pattern CONFIGURED = Pattern.compile(
            "govclear\\.routing\\.channels\\..+\\.maintenance|GOVCLEAR_ROUTING_CHANNELS_.+_MAINTENANCE");

    @Inject Transactions transactions;
    @Inject MaintenanceRepository windows;
    @Inject AuditLog audit;
    @Inject Clock clock;

    private final AtomicLong loads = new AtomicLong();
    private long shown;
    private volatile List<MaintenanceWindow> live = List.of();

    /** The online channel with this name; {@code 404 CHANNEL_NOT_FOUND} for any other. */
    public static Channel channel(String name) {
        return ChannelRouter.ONLINE.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ProblemException(ProblemCode.CHANNEL_NOT_FOUND,
                        "No online channel " + name + "; one of " + ChannelRouter.ONLINE));
    }

    /**
     * When the channel's maintenance at {@code at} ends, windows that follow on one another taken as one; empty when
     * the channel is not in maintenance then.
     */
    public Optional<Instant> until(Channel channel, Instant at) {
        Instant until = null;
        Instant probe = at;
        boolean longer = true;
        while (longer) {
            longer = false;
            for (MaintenanceWindow w : live) {
                if (w.channel() == channel && w.covers(probe) && (until == null || w.endsAt().isAfter(until))) {
                    until = w.endsAt();
                    longer = true;
                }
            }
            probe = until;
        }
        return Optional.ofNullable(until);
    }

    /** The channel's windows in force at {@code now} or starting within {@code ahead}, by start. */
    public List<MaintenanceWindow> announced(Channel channel, Instant now, Duration ahead) {
        Instant until = now.plus(ahead);
        return live.stream()
                .filter(w -> w.channel() == channel && w.announcedAt(now, until))
                .toList();
    }

    /** Every window that ends within the last {@link #RECENT} or later, cancelled ones too, by start (read now). */
    public Uni<List<MaintenanceWindow>> recent() {
        return windows.endingAfter(transactions.autoCommit(), clock.instant().minus(RECENT));
    }

    /**
     * Announces a window of an online channel, audited under {@code who} with the reason. It must end after it
     * starts and after now, start at most {@link #SLACK} ago and at most {@link #FURTHEST} ahead, and last at most
     * {@link #LONGEST}; the very same window again is {@code 409 MAINTENANCE_WINDOW_EXISTS}.
     */
    public Uni<MaintenanceWindow> announce(Channel channel, Instant startsAt, Instant endsAt, String note, String who,
            String reason) {
        Instant now = clock.instant();
        check(startsAt, endsAt, now);
        return transactions.inTransaction(tx -> windows.insert(tx, channel, startsAt, endsAt, note, who, reason, now)
                        .map(created -> created.orElseThrow(() -> new ProblemException(
                                ProblemCode.MAINTENANCE_WINDOW_EXISTS, channel + " has this window announced already")))
                        .call(w -> audit.append(tx, now, who, "MAINTENANCE_ANNOUNCED", "CHANNEL_MAINTENANCE",
                                Long.toString(w.id()), details(w, reason))))
                .call(this::reloadAfterChange);
    }

    /**
     * Cancels a window that is ahead or in force (the channel is offered again at once), audited under {@code who}
     * with the reason; {@code windowId} as a path gives it. Once: a cancelled window is
     * {@code 409 MAINTENANCE_WINDOW_CANCELLED}, one that is over {@code 409 MAINTENANCE_WINDOW_OVER}.
     */
    public Uni<MaintenanceWindow> cancel(Channel channel, String windowId, String who, String reason) {
        ProblemException notFound = new ProblemException(ProblemCode.MAINTENANCE_WINDOW_NOT_FOUND,
                channel + " has no maintenance window " + windowId);
        if (windowId == null || !windowId.matches("[1-9][0-9]{0,17}")) {
            throw notFound;
        }
        long id = Long.parseLong(windowId);
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> windows.lock(tx, id)
                        .chain(found -> {
                            MaintenanceWindow w = found.filter(x -> x.channel() == channel).orElseThrow(() -> notFound);
                            if (w.phase(now) == MaintenanceWindow.Phase.CANCELLED) {
                                throw new ProblemException(ProblemCode.MAINTENANCE_WINDOW_CANCELLED, "Window " + id
                                        + " was cancelled by " + w.cancelledBy() + " at " + w.cancelledAt());
                            }
                            if (w.phase(now) == MaintenanceWindow.Phase.OVER) {
                                throw new ProblemException(ProblemCode.MAINTENANCE_WINDOW_OVER, "Window " + id
                                        + " ended at " + w.endsAt() + "; it stays on record as it was");
                            }
                            return windows.cancel(tx, id, who, reason, now);
                        })
                        .call(w -> audit.append(tx, now, who, "MAINTENANCE_CANCELLED", "CHANNEL_MAINTENANCE",
                                Long.toString(id), details(w, reason))))
                .call(this::reloadAfterChange);
    }

    /** Loads the windows routing needs; a load that finishes after a later one changes nothing. */
    public Uni<Void> reload() {
        long load = loads.incrementAndGet();
        return windows.live(transactions.autoCommit(), clock.instant().minus(KEPT))
                .invoke(found -> show(load, found))
                .replaceWithVoid();
    }

    @Scheduled(every = "${govclear.routing.maintenance-refresh}", identity = "maintenance-refresh",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return ScheduledRuns.warnOnFailure(reload(), LOG, "reloading the maintenance windows failed; the next run"
                + " tries again");
    }

    /** At start: refuses windows still configured the old way, then loads the windows before any checkout. */
    void onStart(@Observes StartupEvent event) throws Throwable {
        refuseConfiguredWindows(ConfigProvider.getConfig().getPropertyNames());
        VertxContextSupport.subscribeAndAwait(this::reload);
    }

    /**
     * A window still configured ({@code govclear.routing.channels.<CHANNEL>.maintenance}, before V26) would silently
     * no longer apply: the engine stops instead, saying where windows are set now.
     */
    static void refuseConfiguredWindows(Iterable<String> propertyNames) {
        for (String name : propertyNames) {
            if (CONFIGURED.matcher(name).matches()) {
                throw new IllegalArgumentException(name + ": maintenance windows are no longer configured; an ADMIN"
                        + " announces them on the console's channels page (/console/channels) or through"
                        + " POST /api/v1/admin/channels/{channel}/maintenance");
            }
        }
    }

    private synchronized void show(long load, List<MaintenanceWindow> found) {
        if (load > shown) {
            shown = load;
            live = List.copyOf(found);
        }
    }

    /** The change is committed: a failed reload is only late, the scheduled one catches up. */
    private Uni<Void> reloadAfterChange(MaintenanceWindow changed) {
        return ScheduledRuns.warnOnFailure(reload(), LOG, "reloading the maintenance windows after a change failed;"
                + " the scheduled reload catches up");
    }

    private static void check(Instant startsAt, Instant endsAt, Instant now) {
        if (!endsAt.isAfter(startsAt)) {
            throw ProblemException.invalid("endsAt", "must be after startsAt");
        }
        if (!endsAt.isAfter(now)) {
            throw ProblemException.invalid("endsAt", "is in the past: a window is announced before it ends");
        }
        if (startsAt.isBefore(now.minus(SLACK))) {
            throw ProblemException.invalid("startsAt", "is more than " + SLACK.toMinutes() + " minutes ago: a window"
                    + " that starts now starts at the present time");
        }
        if (startsAt.isAfter(now.plus(FURTHEST))) {
            throw ProblemException.invalid("startsAt", "is more than " + FURTHEST.toDays() + " days ahead");
        }
        if (Duration.between(startsAt, endsAt).compareTo(LONGEST) > 0) {
            throw ProblemException.invalid("endsAt", "makes the window longer than " + LONGEST.toDays() + " days");
        }
    }

    private static Map<String, Object> details(MaintenanceWindow w, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", w.channel().name());
        details.put("startsAt", w.startsAt().toString());
        details.put("endsAt", w.endsAt().toString());
        if (w.note() != null) {
            details.put("note", w.note());
        }
        details.put("reason", reason);
        return details;
    }
}
