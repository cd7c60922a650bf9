package io.govclear.simulator;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A channel's notifies still owed to merchants, kept in the durable store until one send of each is acknowledged or
 * the channel's retry table runs out. A notify due before a restart is sent after it (late ones at once). One Vert.x
 * timer per owed notify; no thread ever waits.
 */
public final class NotifyOutbox {

    /**
     * One owed notify: the URL it goes to, what the channel needs to send it again ({@code payload}), how many copies
     * go out at once, how many retry intervals it has used, and when it is next due.
     */
    public record Pending(String id, String url, Map<String, String> payload, int copies, int retriesUsed,
            Instant dueAt) {
    }

    private static final Logger LOG = Logger.getLogger(NotifyOutbox.class);

    private final String channel;
    private final DurableMap<Pending> pending;
    private final Vertx vertx;
    private final Clock clock;
    private final List<Duration> retries;
    private final double timeScale;
    private final Function<Pending, Uni<Boolean>> send;

    /**
     * @param retries the intervals after a failed send, in order (then it is given up)
     * @param send one send of {@code copies} POSTs: true when one was acknowledged
     */
    public NotifyOutbox(String channel, SimStore store, Vertx vertx, Clock clock, List<Duration> retries,
            double timeScale, Function<Pending, Uni<Boolean>> send) {
        this.channel = channel;
        this.pending = store.map(channel + ".notifies", Pending.class);
        this.vertx = vertx;
        this.clock = clock;
        this.retries = retries;
        this.timeScale = timeScale;
        this.send = send;
    }

    /** Owes a notify, first sent after {@code delay}, having used {@code retriesUsed} of the table already. */
    public void enqueue(String id, String url, Map<String, String> payload, int copies, Duration delay,
            int retriesUsed) {
        long delayMs = delay.isZero() ? 0 : scaled(delay);
        Pending owed = new Pending(id, url, Map.copyOf(payload), copies, retriesUsed,
                clock.instant().plusMillis(delayMs));
        pending.put(id, owed);
        schedule(owed);
    }

    /**
     * Owes a notify as the payer's {@code fault} says: NORMAL and TAMPER (already tampered in the payload) at once;
     * DUPLICATE as {@code duplicates} copies at once; DELAY first after {@code delay}, as if {@code delayRetries} of
     * the table had been used; DROP never.
     */
    public void owe(PayRequest.NotifyFault fault, String id, String url, Map<String, String> payload, int duplicates,
            Duration delay, int delayRetries) {
        switch (fault) {
            case DROP -> LOG.infof("%s: notify %s dropped on purpose", channel, id);
            case DELAY -> enqueue(id, url, payload, 1, delay, delayRetries);
            case DUPLICATE -> enqueue(id, url, payload, duplicates, Duration.ZERO, 0);
            case NORMAL, TAMPER -> enqueue(id, url, payload, 1, Duration.ZERO, 0);
        }
    }

    /** Schedules every notify owed from before a restart; returns how many. */
    public int resume() {
        // counted before any is scheduled: one already due is sent on the event loop at once, and may be gone
        // from the map before this method returns
        List<Pending> owed = List.copyOf(pending.values());
        if (!owed.isEmpty()) {
            LOG.infof("%s: %d notifies still owed from before the restart", channel, owed.size());
        }
        owed.forEach(this::schedule);
        return owed.size();
    }

    /** How many notifies are still owed. */
    public int owed() {
        return pending.size();
    }

    private void schedule(Pending owed) {
        long wait = Duration.between(clock.instant(), owed.dueAt()).toMillis();
        if (wait <= 0) {
            vertx.runOnContext(() -> fire(owed.id()));
        } else {
            vertx.setTimer(wait, timer -> fire(owed.id()));
        }
    }

    private void fire(String id) {
        Pending owed = pending.get(id);
        if (owed == null) {
            return;
        }
        send.apply(owed)
                .onFailure().recoverWithItem(false)
                .subscribe().with(acknowledged -> settle(owed, acknowledged));
    }

    private void settle(Pending owed, boolean acknowledged) {
        if (acknowledged) {
            pending.remove(owed.id());
            return;
        }
        int used = owed.retriesUsed();
        if (used >= retries.size()) {
            LOG.infof("%s: notify %s given up after %d retries", channel, owed.id(), used);
            pending.remove(owed.id());
            return;
        }
        Pending next = new Pending(owed.id(), owed.url(), owed.payload(), owed.copies(), used + 1,
                clock.instant().plusMillis(scaled(retries.get(used))));
        pending.put(owed.id(), next);
        schedule(next);
    }

    private long scaled(Duration interval) {
        return Math.max(1, Math.round(interval.toMillis() * timeScale));
    }
}
