package io.govclear.settlement;

import static io.govclear.settlement.SettlementTest.assertIntegrity;
import static io.govclear.settlement.SettlementTest.build;
import static io.govclear.settlement.SettlementTest.reconciledWithoutStatement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.common.Transactions;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.ledger.LedgerService;
import io.govclear.payment.routing.RoutingConfig;
import io.govclear.reconciliation.ReconciliationConfig;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch is built once however many ask at once: concurrent requests on this instance, and two builders as two
 * engine instances would run them (each its own connection pool and its own service objects, sharing only the
 * database). What the second proves: the claim is the database's (the unique key on the date, the build lock taken
 * inside each builder's transaction), not anything held in this JVM; it does not start a second JVM. Also: a channel
 * without a completed run holds its amounts until the run completes; the T+1 scheduler waits for the reconciliations.
 */
@QuarkusTest
class SettlementRaceTest {

    @Inject
    TestClock clock;

    @Inject
    Vertx vertx;

    @Inject
    SettlementConfig config;

    @Inject
    RoutingConfig routing;

    @Inject
    io.govclear.funds.FundsConfig funds;

    @Inject
    ReconciliationConfig reconciliation;

    @Inject
    GovClearConfig govclear;

    @Inject
    SettlementScheduler scheduler;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    private LocalDate onDay(int daysFromToday) {
        clock.reset();
        clock.advance(Duration.ofDays(daysFromToday));
        return clock.today();
    }

    private static String paidFine(long amountFen, String channel) {
        return Payments.payBill(Bills.issueFine(amountFen), channel);
    }

    private static long batches(LocalDate date) {
        return Db.count("SELECT count(*) FROM settlement_batch WHERE business_date = $1", date);
    }

    private static long entries(LocalDate date) {
        return Db.count("SELECT count(*) FROM settlement_entry e JOIN settlement_batch b ON b.id = e.batch_id"
                + " WHERE b.business_date = $1", date);
    }

    @Test
    void concurrentRequestsBuildOneBatch() throws Exception {
        LocalDate day = onDay(410);
        paidFine(12_345, "ALIPAY");
        paidFine(678, "ALIPAY");
        reconciledWithoutStatement("ALIPAY", day);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(threads.submit(() -> {
                    start.await();
                    return build("clerk", day).then().extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                codes.add(f.get());
            }
            assertThat(codes).containsOnly(200, 201);
            assertThat(codes.stream().filter(c -> c == 201)).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(batches(day)).isEqualTo(1);
        assertThat(entries(day)).isEqualTo(2);
        assertThat(SettlementTest.get(day).getLong("totalNetFen")).isEqualTo(12_345 + 678);
        assertIntegrity(day);
    }

    @Test
    void twoInstancesRacingBuildOneBatch() throws Exception {
        LocalDate day = onDay(411);
        paidFine(9_999, "WECHAT_PAY");
        reconciledWithoutStatement("WECHAT_PAY", day);
        Pool poolA = newPool();
        Pool poolB = newPool();
        SettlementService a = new SettlementService(new Transactions(poolA), new SettlementRepository(poolA),
                new LedgerService(poolA), config, routing, govclear, clock, funds);
        SettlementService b = new SettlementService(new Transactions(poolB), new SettlementRepository(poolB),
                new LedgerService(poolB), config, routing, govclear, clock, funds);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<SettlementService.Built> byA = threads.submit(() -> {
                start.await();
                return a.build(day, "clerk").await().atMost(Duration.ofSeconds(60));
            });
            Future<SettlementService.Built> byB = threads.submit(() -> {
                start.await();
                return b.build(day, "clerk").await().atMost(Duration.ofSeconds(60));
            });
            start.countDown();
            SettlementService.Built builtA = byA.get();
            SettlementService.Built builtB = byB.get();
            assertThat(builtA.created() ^ builtB.created()).as("exactly one instance built it").isTrue();
            assertThat(builtA.batch().id()).isEqualTo(builtB.batch().id());
            assertThat(builtA.batch().netFen()).isEqualTo(9_999).isEqualTo(builtB.batch().netFen());
        } finally {
            threads.shutdownNow();
            poolA.close().await().indefinitely();
            poolB.close().await().indefinitely();
        }
        assertThat(batches(day)).isEqualTo(1);
        assertThat(entries(day)).isEqualTo(1);
        Staff.sendingJson("supervisor").post("/api/v1/settlements/" + day + "/confirm").then().statusCode(200);
        assertIntegrity(day);
    }

    @Test
    void aChannelWithoutItsRunIsHeldUntilTheRunCompletes() {
        LocalDate day = onDay(412);
        paidFine(1_001, "ALIPAY");
        String unreconciled = paidFine(2_002, "WECHAT_PAY");
        reconciledWithoutStatement("ALIPAY", day);
        JsonPath batch = build("clerk", day).then().statusCode(201).extract().jsonPath();
        assertThat(batch.getLong("totalNetFen")).isEqualTo(1_001);
        assertThat(batch.getLong("heldFen")).isEqualTo(2_002);
        assertThat(batch.getList("held.reference")).containsExactly(unreconciled);
        assertThat(batch.getList("held.reason")).containsExactly("RUN_MISSING");
        assertIntegrity(day);

        LocalDate next = onDay(413);
        reconciledWithoutStatement("WECHAT_PAY", day);
        JsonPath carried = build("clerk", next).then().statusCode(201).extract().jsonPath();
        assertThat(carried.getLong("carriedInFen")).isEqualTo(2_002);
        assertThat(carried.getLong("totalNetFen")).isEqualTo(2_002);
        assertIntegrity(next);
        // settled once: a later day does not take it again
        LocalDate later = onDay(414);
        assertThat(build("clerk", later).then().statusCode(201).extract().jsonPath().getLong("totalNetFen")).isZero();
        assertIntegrity(later);
    }

    @Test
    void theDailyRunWaitsForTheReconciliationsAndBuildsOnce() {
        LocalDate day = onDay(415);
        paidFine(4_321, "ALIPAY");
        onDay(416);
        var before = day.plusDays(1).atTime(config.runAt().minusMinutes(1)).atZone(Clocks.BUSINESS_ZONE).toInstant();
        var after = day.plusDays(1).atTime(LocalTime.of(23, 0)).atZone(Clocks.BUSINESS_ZONE).toInstant();
        assertThat(scheduler.settleDue(after).await().indefinitely()).as("no reconciliation yet").isFalse();
        reconciledWithoutStatement("ALIPAY", day);
        assertThat(scheduler.settleDue(after).await().indefinitely()).as("one channel's run only").isFalse();
        // every channel reconciliation is configured for must have completed its run
        reconciliation.channels().keySet().forEach(channel -> {
            if (!channel.equals("ALIPAY")) {
                reconciledWithoutStatement(channel, day);
            }
        });
        assertThat(scheduler.settleDue(before).await().indefinitely()).as("before run-at").isFalse();
        assertThat(batches(day)).isZero();
        assertThat(scheduler.settleDue(after).await().indefinitely()).isTrue();
        assertThat(scheduler.settleDue(after).await().indefinitely()).isFalse();
        assertThat(batches(day)).isEqualTo(1);
        JsonPath batch = SettlementTest.get(day);
        assertThat(batch.getString("preparedBy")).isEqualTo("system");
        assertThat(batch.getLong("totalNetFen")).isEqualTo(4_321);
        assertIntegrity(day);
    }

    @Test
    void badRequestsChangeNothing() {
        LocalDate tomorrow = onDay(0).plusDays(1);
        build("clerk", tomorrow).then().statusCode(422).body("code", equalTo("BUSINESS_DAY_NOT_CLOSED"));
        Staff.sendingJson("clerk").body("{\"businessDate\":\"23.11.2026\"}").post("/api/v1/settlements").then()
                .statusCode(400);
        build("auditor", tomorrow.minusDays(2)).then().statusCode(403);
        Staff.as("auditor").get("/api/v1/settlements/1999-01-01").then().statusCode(404)
                .body("code", equalTo("SETTLEMENT_NOT_FOUND"));
        assertThat(batches(tomorrow)).isZero();
    }

    private Pool newPool() {
        var cfg = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(
                        cfg.getValue("quarkus.datasource.reactive.url", String.class))
                .setUser(cfg.getValue("quarkus.datasource.username", String.class))
                .setPassword(cfg.getValue("quarkus.datasource.password", String.class));
        return Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options)
                .using(vertx.getDelegate()).build());
    }
}
