package io.govclear.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retry discipline every channel's notifies follow, measured: unanswered sends are repeated after each interval
 * of the channel's table in turn (times the time scale), an acknowledged one is owed no more, and when the table runs
 * out the notify is given up.
 */
class NotifyOutboxTest {

    private static final List<Duration> TABLE = List.of(Duration.ofMillis(300), Duration.ofMillis(600));

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private SimStore store;

    @AfterEach
    void close() {
        store.close();
        vertx.closeAndAwait();
    }

    @Test
    void unansweredSendsFollowTheTableUntilOneIsAcknowledged() {
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        AtomicInteger sends = new AtomicInteger();
        NotifyOutbox outbox = outbox(owed -> {
            sentAt.add(System.nanoTime());
            return Uni.createFrom().item(sends.incrementAndGet() == 3);
        });
        outbox.enqueue("N", "http://merchant.example/notify", Map.of(), 1, Duration.ZERO, 0);

        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.owed() == 0);
        assertThat(sentAt).hasSize(3);
        assertThat(Duration.ofNanos(sentAt.get(1) - sentAt.get(0))).isBetween(Duration.ofMillis(290),
                Duration.ofMillis(550));
        assertThat(Duration.ofNanos(sentAt.get(2) - sentAt.get(1))).isBetween(Duration.ofMillis(590),
                Duration.ofMillis(850));
    }

    @Test
    void aNotifyNobodyAcknowledgesIsGivenUpWhenTheTableRunsOut() throws InterruptedException {
        AtomicInteger sends = new AtomicInteger();
        NotifyOutbox outbox = outbox(owed -> {
            sends.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        });
        outbox.enqueue("N", "http://merchant.example/notify", Map.of(), 1, Duration.ZERO, 0);

        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.owed() == 0);
        Thread.sleep(700);
        assertThat(sends).hasValue(1 + TABLE.size());
    }

    private NotifyOutbox outbox(java.util.function.Function<NotifyOutbox.Pending, Uni<Boolean>> send) {
        store = TestStores.open(dir.resolve("outbox.mv"));
        return new NotifyOutbox("test", store, vertx, Clock.systemUTC(), TABLE, 1, send);
    }
}
