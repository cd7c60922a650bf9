package io.govclear.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulators' store as a {@code kill -9} leaves it: the file is copied while the store is still open (nothing
 * closed, nothing flushed on the way out) and the copy is opened as the restarted simulator would open it.
 */
class DurableStoreTest {

    record Trade(String id, long amountFen, Instant paidAt) {
    }

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final List<SimStore> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        open.forEach(SimStore::close);
        vertx.closeAndAwait();
    }

    @Test
    void everyChangeIsOnDiskBeforeItReturns() throws IOException {
        SimStore store = store(dir.resolve("live.mv"));
        DurableMap<Trade> trades = store.map("trades", Trade.class);
        trades.putIfAbsent("A", new Trade("A", 100, null));
        trades.putIfAbsent("B", new Trade("B", 200, null));
        trades.computeIfPresent("A", (id, t) -> new Trade(id, t.amountFen(), Instant.parse("2026-12-01T02:00:00Z")));
        trades.remove("B");

        DurableMap<Trade> restarted = store(killedCopy(dir.resolve("live.mv"))).map("trades", Trade.class);

        assertThat(restarted.size()).isEqualTo(1);
        assertThat(restarted.get("A")).isEqualTo(new Trade("A", 100, Instant.parse("2026-12-01T02:00:00Z")));
        assertThat(restarted.get("B")).isNull();
    }

    @Test
    void aNotifyOwedBeforeTheRestartIsSentAfterIt() throws IOException {
        SimClock.Shifted clock = new SimClock.Shifted();
        List<String> sent = new CopyOnWriteArrayList<>();
        NotifyOutbox before = new NotifyOutbox("test", store(dir.resolve("live.mv")), vertx, clock,
                List.of(Duration.ofHours(1)), 1, owed -> Uni.createFrom().item(false));
        before.enqueue("N1", "http://merchant.example/notify", Map.of("body", "paid"), 1, Duration.ofMinutes(30), 0);
        before.enqueue("N2", "http://merchant.example/notify", Map.of("body", "paid too"), 1, Duration.ofDays(2), 0);

        SimStore restarted = store(killedCopy(dir.resolve("live.mv")));
        clock.shift(Duration.ofHours(1));
        NotifyOutbox after = new NotifyOutbox("test", restarted, vertx, clock, List.of(Duration.ofHours(1)), 1,
                owed -> {
                    sent.add(owed.id() + ":" + owed.payload().get("body"));
                    return Uni.createFrom().item(true);
                });
        assertThat(after.resume()).isEqualTo(2);

        // due while the simulator was down: sent at once; acknowledged, it is owed no more; the other still waits
        await().atMost(Duration.ofSeconds(5)).until(() -> after.owed() == 1);
        assertThat(sent).containsExactly("N1:paid");
    }

    @Test
    void forgettingEverythingForgetsTheRecordsOfASimulatorNotStartedYet() throws IOException {
        store(dir.resolve("live.mv")).map("trades", Trade.class).putIfAbsent("A", new Trade("A", 100, null));
        SimStore restarted = store(killedCopy(dir.resolve("live.mv")));

        // DELETE /sim/state before the simulator that keeps "trades" first opens its map
        restarted.clear();

        assertThat(restarted.map("trades", Trade.class).size()).isZero();
    }

    private SimStore store(Path file) {
        SimStore store = TestStores.open(file);
        open.add(store);
        return store;
    }

    private Path killedCopy(Path live) throws IOException {
        Path copy = dir.resolve("after-kill-" + System.nanoTime() + ".mv");
        Files.copy(live, copy);
        return copy;
    }
}
