package io.govclear.webhook;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.http.ChannelHttp;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Jobs;
import io.govclear.support.Ledger;
import io.govclear.support.Simulators;
import io.govclear.support.UnitApi;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two delivery workers, each as a second engine instance would run it (its own connection pool, HTTP client and
 * claim tokens; only the read-only catalog snapshot is shared), work one outbox at once while this instance's own
 * scheduled worker is paused: every event reaches the receiver exactly once.
 */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class WebhookInstancesTest {

    private static final int EVENTS = 40;

    @Inject
    Jobs jobs;

    @Inject
    Vertx vertx;

    @Inject
    ChannelHttp http;

    @Inject
    CatalogService catalog;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    WebhooksConfig config;

    @AfterEach
    void balanced() {
        jobs.resume("webhook-delivery");
        Ledger.assertBalanced();
    }

    @Test
    void twoInstancesDeliverEachEventOnce() throws Exception {
        // and a pass of this instance's worker that had already started has finished
        jobs.pause("webhook-delivery");
        List<String> codes = cancelledBills();
        assertThat(Db.count("SELECT count(*) FROM webhook_event e JOIN payment_order o ON o.id = e.order_id"
                + " WHERE o.payment_code = ANY($1) AND e.status = 'PENDING'", (Object) codes.toArray(String[]::new)))
                .isEqualTo(EVENTS);

        Pool poolA = newPool();
        Pool poolB = newPool();
        WebhookDelivery a = new WebhookDelivery(new WebhookRepository(poolA), catalog, http, json, clock,
                smallBatches());
        WebhookDelivery b = new WebhookDelivery(new WebhookRepository(poolB), catalog, http, json, clock,
                smallBatches());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> sentA = threads.submit(() -> {
                start.await();
                return a.deliverDue().await().atMost(Duration.ofSeconds(60));
            });
            Future<Integer> sentB = threads.submit(() -> {
                start.await();
                return b.deliverDue().await().atMost(Duration.ofSeconds(60));
            });
            start.countDown();
            int byA = sentA.get();
            int byB = sentB.get();
            // both did part of the work, and together all of it
            assertThat(byA).isPositive();
            assertThat(byB).isPositive();
            assertThat(byA + byB).isGreaterThanOrEqualTo(EVENTS);
        } finally {
            threads.shutdownNow();
            poolA.close().await().indefinitely();
            poolB.close().await().indefinitely();
        }

        Object[] args = { codes.toArray(String[]::new) };
        assertThat(Db.count("SELECT count(*) FROM webhook_event e JOIN payment_order o ON o.id = e.order_id"
                + " WHERE o.payment_code = ANY($1) AND e.status = 'DELIVERED' AND e.attempts = 1", args))
                .isEqualTo(EVENTS);
        assertThat(Db.count("SELECT count(*) FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id"
                + " JOIN payment_order o ON o.id = e.order_id WHERE o.payment_code = ANY($1)", args))
                .isEqualTo(EVENTS);
        List<Map<String, Object>> received = given().get(sim("/sim/webhook-receiver/ZJ-EXAM")).then().statusCode(200)
                .extract().path("");
        Map<Object, Long> perEvent = received.stream()
                .filter(r -> codes.contains(r.get("paymentCode")))
                .collect(Collectors.groupingBy(r -> r.get("eventId"), Collectors.counting()));
        assertThat(perEvent).hasSize(EVENTS);
        assertThat(perEvent.values()).containsOnly(1L);
    }

    @Test
    void aClaimSkipsTheEventsAnotherInstanceHoldsInsteadOfWaitingForThem() throws Exception {
        jobs.pause("webhook-delivery");
        List<String> codes = cancelledBills(3);
        List<Long> ids = codes.stream().map(code -> Db.one("SELECT e.id FROM webhook_event e JOIN payment_order o"
                + " ON o.id = e.order_id WHERE o.payment_code = $1", code).getLong(0)).toList();
        Pool holder = newPool();
        Pool other = newPool();
        try {
            WebhookRepository claimer = new WebhookRepository(other);
            // instance A is in the middle of claiming the first two events: it holds their rows locked
            List<Long> claimedWhileHeld = holder.withTransaction(tx -> tx
                            .preparedQuery("SELECT id FROM webhook_event WHERE id = ANY($1) FOR UPDATE")
                            .execute(io.vertx.mutiny.sqlclient.Tuple.of(new Long[] { ids.get(0), ids.get(1) }))
                            // instance B claims meanwhile: it must not wait for A, and must not take A's rows
                            .chain(() -> claimer.claim(clock.instant(), 100, clock.instant().plusSeconds(5),
                                    UUID.randomUUID()))
                            .map(claimed -> claimed.stream().map(WebhookRepository.Claimed::id).toList()))
                    .await().atMost(Duration.ofSeconds(5));
            assertThat(claimedWhileHeld).contains(ids.get(2)).doesNotContain(ids.get(0), ids.get(1));
            // once A lets go, B finds the other two; nothing is claimed twice
            List<Long> claimedAfter = claimer.claim(clock.instant(), 100, clock.instant().plusSeconds(5),
                            UUID.randomUUID()).await().atMost(Duration.ofSeconds(5))
                    .stream().map(WebhookRepository.Claimed::id).toList();
            assertThat(claimedAfter).contains(ids.get(0), ids.get(1)).doesNotContain(ids.get(2));
        } finally {
            holder.close().await().indefinitely();
            other.close().await().indefinitely();
        }
    }

    private List<String> cancelledBills() {
        return cancelledBills(EVENTS);
    }

    private List<String> cancelledBills(int count) {
        List<String> bills = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bills.add(Bills.bill(Bills.orderNo(), "[{\"itemCode\":\"EXAM-CIVIL\"}]", java.time.LocalDate.now(clock)
                    .plusDays(10), null));
        }
        List<String> codes = UnitApi.as("ZJ-EXAM").post("/api/v1/orders/batch",
                        "{\"orders\":[" + String.join(",", bills) + "]}")
                .then().statusCode(200).extract().path("results.paymentCode");
        for (String code : codes) {
            Bills.cancel("ZJ-EXAM", code);
        }
        return codes;
    }

    private Pool newPool() {
        var config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(
                        config.getValue("quarkus.datasource.reactive.url", String.class))
                .setUser(config.getValue("quarkus.datasource.username", String.class))
                .setPassword(config.getValue("quarkus.datasource.password", String.class));
        return Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options)
                .using(vertx.getDelegate()).build());
    }

    /** The engine's settings, with small batches so that the two workers interleave. */
    private WebhooksConfig smallBatches() {
        return new WebhooksConfig() {
            @Override
            public List<Duration> backoff() {
                return config.backoff();
            }

            @Override
            public Duration interval() {
                return config.interval();
            }

            @Override
            public Duration timeout() {
                return config.timeout();
            }

            @Override
            public Optional<Duration> overallTimeout() {
                return config.overallTimeout();
            }

            @Override
            public Duration lease() {
                return config.lease();
            }

            @Override
            public int batchSize() {
                return 4;
            }
        };
    }
}
