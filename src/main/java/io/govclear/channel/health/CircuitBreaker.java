package io.govclear.channel.health;

import java.time.Duration;
import java.time.Instant;

/**
 * One channel's circuit breaker, fed by the answers of its calls. It opens when, over a sliding window, enough calls
 * were made and too many of them went unanswered (timeouts, unreadable answers); after a pause it lets calls through
 * again (half-open), and the next answer decides: answered closes it, unanswered opens it again. The window is a ring
 * of buckets keyed by their epoch index, so a clock that moves backwards (tests) only empties it.
 */
final class CircuitBreaker {

    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private static final int BUCKETS = 10;

    private final long bucketMillis;
    private final int minimumCalls;
    private final int failureRatePercent;
    private final Duration openDuration;
    private final long[] bucketIds = new long[BUCKETS];
    private final int[] calls = new int[BUCKETS];
    private final int[] failures = new int[BUCKETS];
    private boolean open;
    private Instant openedAt;
    private Instant closedAt;

    /** A closed breaker, closed since {@code start}. */
    CircuitBreaker(Duration window, int minimumCalls, int failureRatePercent, Duration openDuration, Instant start) {
        this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
        this.minimumCalls = minimumCalls;
        this.failureRatePercent = failureRatePercent;
        this.openDuration = openDuration;
        this.closedAt = start;
        java.util.Arrays.fill(bucketIds, -1);
    }

    synchronized State state(Instant now) {
        if (!open) {
            return State.CLOSED;
        }
        return now.isBefore(openedAt.plus(openDuration)) ? State.OPEN : State.HALF_OPEN;
    }

    /** Since when the breaker is in its state at {@code now}: closed, opened, or half-open (the open pause ended). */
    synchronized Instant since(Instant now) {
        return switch (state(now)) {
            case CLOSED -> closedAt;
            case OPEN -> openedAt;
            case HALF_OPEN -> openedAt.plus(openDuration);
        };
    }

    /** When an open breaker lets a trial call through again. */
    synchronized Instant retryAt() {
        return open ? openedAt.plus(openDuration) : null;
    }

    synchronized void record(boolean answered, Instant now) {
        State state = state(now);
        if (state == State.HALF_OPEN) {
            if (answered) {
                open = false;
                closedAt = now;
                java.util.Arrays.fill(bucketIds, -1);
            } else {
                openedAt = now;
            }
            return;
        }
        if (state == State.OPEN) {
            return;
        }
        long id = now.toEpochMilli() / bucketMillis;
        int slot = (int) Math.floorMod(id, (long) BUCKETS);
        if (bucketIds[slot] != id) {
            bucketIds[slot] = id;
            calls[slot] = 0;
            failures[slot] = 0;
        }
        calls[slot]++;
        if (!answered) {
            failures[slot]++;
        }
        int total = 0;
        int failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketIds[i] > id - BUCKETS && bucketIds[i] <= id) {
                total += calls[i];
                failed += failures[i];
            }
        }
        if (!answered && total >= minimumCalls && failed * 100L >= (long) failureRatePercent * total) {
            open = true;
            openedAt = now;
        }
    }
}
