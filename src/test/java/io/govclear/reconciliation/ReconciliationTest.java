package io.govclear.reconciliation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reconciliation end to end: bills paid through the channel simulators, statement faults injected at the simulated
 * channel, runs opened over HTTP, every class produced for real, resolved automatically and by hand. Each test works
 * on its own business days far from today (the test clock moves), so runs never meet another test's payments.
 */
@QuarkusTest
class ReconciliationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestClock clock;

    @Inject
    ReconciliationScheduler scheduler;

    @Inject
    ReconciliationService service;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    private void onDay(int daysFromToday) {
        clock.reset();
        clock.advance(Duration.ofDays(daysFromToday));
    }

    /** Issues a fine, pays it through the channel with a normal notify and waits for the success. */
    private static String paid(String channel, long amountFen) {
        return Payments.payBill(Bills.issueFine(amountFen), channel);
    }

    private Response open(String channel, LocalDate date) {
        return Staff.sendingJson("clerk").body("{\"channel\":\"" + channel + "\",\"businessDate\":\"" + date + "\"}")
                .post("/api/v1/reconciliations");
    }

    private JsonPath awaitRun(long id, String status) {
        await().atMost(WAIT).untilAsserted(() -> Staff.as("auditor").get("/api/v1/reconciliations/" + id).then()
                .statusCode(200).body("status", equalTo(status)));
        return Staff.as("auditor").get("/api/v1/reconciliations/" + id).then().extract().jsonPath();
    }

    private long reconcile(String channel, LocalDate date) {
        long id = open(channel, date).then().statusCode(201).extract().jsonPath().getLong("id");
        awaitRun(id, "COMPLETED");
        return id;
    }

    private static List<Map<String, Object>> discrepancies(long runId, String query) {
        return Staff.as("auditor").get("/api/v1/reconciliations/" + runId + "/discrepancies" + query).then()
                .statusCode(200).extract().jsonPath().getList("$");
    }

    private static Map<String, Object> discrepancy(long runId, String paymentId) {
        List<Map<String, Object>> found = discrepancies(runId, "").stream()
                .filter(d -> paymentId.equals(d.get("paymentId"))).toList();
        assertThat(found).as("discrepancies of " + paymentId).hasSize(1);
        return found.get(0);
    }

    private static Response resolve(String user, long runId, Object discrepancyId, String action) {
        return Staff.sendingJson(user)
                .body("{\"action\":\"" + action + "\",\"reason\":\"checked with the channel's statement\"}")
                .post("/api/v1/reconciliations/" + runId + "/discrepancies/" + discrepancyId + "/resolve");
    }

    /** The suspense account's balance (credit minus debit) over the entries of one payment id. */
    private static long suspenseOf(String paymentId) {
        return Db.count("SELECT coalesce(sum(l.credit_fen - l.debit_fen), 0) FROM journal_line l"
                + " JOIN journal_entry e ON e.id = l.entry_id WHERE l.account = 'suspense' AND e.reference = $1",
                paymentId);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void everyClassIsFoundResolvedAndPosted(String channel) {
        String other = channel.equals("ALIPAY") ? "WECHAT_PAY" : "ALIPAY";
        onDay(channel.equals("ALIPAY") ? 300 : 305);
        LocalDate day = clock.today();

        String matched = paid(channel, 10000);
        String altered = paid(channel, 20000);
        Simulators.statementFault(channel, day, "ALTER_AMOUNT", altered, 20100L);
        String omitted = paid(channel, 30000);
        Simulators.statementFault(channel, day, "OMIT_TRADE", omitted, null);
        String crossed = paid(channel, 40000);
        Simulators.statementFault(channel, day, "CROSS_MIDNIGHT", crossed, null);
        String channelOnly = Simulators.statementFault(channel, day, "ADD_CHANNEL_ONLY", null, 777L);
        // paid at the channel, notify lost, and our next query of it still hours away: we hold it as PENDING
        String unnoticed = Payments.start(Bills.issueFine(50000), channel);
        Db.execute("UPDATE payment_attempt SET next_query_at = next_query_at + interval '1 day' WHERE payment_id = $1",
                unnoticed);
        Payments.pay(channel, unnoticed, "DROP");
        // one bill paid on both channels: the second success is a duplicate payment. The second is paid at its
        // channel first with its notify lost and its query held back, so the first books the bill; then it is
        // queried, found paid and recorded as the duplicate (paying it after the first booked the bill would race
        // the compensation job, which closes a waiting attempt of a paid bill at its channel)
        String billTwice = Bills.issueFine(60000);
        String second = Payments.start(billTwice, channel);
        String first = Payments.start(billTwice, other);
        Db.execute("UPDATE payment_attempt SET next_query_at = next_query_at + interval '1 day' WHERE payment_id = $1",
                second);
        Payments.pay(channel, second, "DROP");
        Payments.pay(other, first, "NORMAL");
        Payments.awaitSucceeded(first);
        Db.execute("UPDATE payment_attempt SET next_query_at = now() WHERE payment_id = $1", second);
        Payments.awaitSucceeded(second);
        assertThat(given().get("/api/v1/payments/" + unnoticed).<String>path("status")).isEqualTo("PENDING");

        long runId = reconcile(channel, day);
        JsonPath run = Staff.as("auditor").get("/api/v1/reconciliations/" + runId).then().extract().jsonPath();
        assertThat(run.getString("channel")).isEqualTo(channel);
        assertThat(run.getString("businessDate")).isEqualTo(day.toString());
        assertThat(run.getInt("statementLines")).isEqualTo(5);
        assertThat(run.getLong("classes.MATCHED.count")).isEqualTo(1);
        assertThat(run.getLong("classes.MATCHED.amountFen")).isEqualTo(10000);
        assertThat(run.getLong("classes.AMOUNT_MISMATCH.count")).isEqualTo(1);
        assertThat(run.getLong("classes.PLATFORM_ONLY.count")).isEqualTo(2);
        assertThat(run.getLong("classes.CHANNEL_ONLY.count")).isEqualTo(1);
        assertThat(run.getLong("classes.STATUS_MISMATCH.count")).isEqualTo(1);
        assertThat(run.getLong("classes.DUPLICATE_PAYMENT.count")).isEqualTo(1);
        assertThat(run.getLong("statementTotals.paymentFen")).isEqualTo(10000 + 20100 + 777 + 50000 + 60000);
        assertThat(run.getLong("platformTotals.count")).as("our successes that day when matched").isEqualTo(5);
        assertThat(run.getLong("feeTotals.netFeeFen")).isPositive();

        Map<String, Object> amount = discrepancy(runId, altered);
        assertThat(amount).containsEntry("class", "AMOUNT_MISMATCH").containsEntry("status", "SUSPENSE")
                .containsEntry("suspenseFen", 100);
        assertThat(suspenseOf(altered)).isEqualTo(100);
        Map<String, Object> unknown = discrepancy(runId, channelOnly);
        assertThat(unknown).containsEntry("class", "CHANNEL_ONLY").containsEntry("status", "SUSPENSE")
                .containsEntry("suspenseFen", 777);
        assertThat(suspenseOf(channelOnly)).isEqualTo(777);
        assertThat(discrepancy(runId, omitted)).containsEntry("class", "PLATFORM_ONLY")
                .containsEntry("status", "PENDING_NEXT_DAY").containsEntry("suspenseFen", 0);
        assertThat(discrepancy(runId, crossed)).containsEntry("status", "PENDING_NEXT_DAY");
        assertThat(discrepancy(runId, unnoticed)).containsEntry("class", "STATUS_MISMATCH")
                .containsEntry("status", "AUTO_RESOLVED").containsEntry("resolution", "BACKFILLED_PAID");
        assertThat(discrepancy(runId, second)).containsEntry("class", "DUPLICATE_PAYMENT")
                .containsEntry("status", "AUTO_RESOLVED").containsEntry("resolution", "QUEUED_FOR_REFUND");
        assertThat(discrepancies(runId, "?class=PLATFORM_ONLY&status=PENDING_NEXT_DAY")).hasSize(2);

        // the back-fill went the callback's way: attempt and bill paid, posted once, recorded as RECONCILIATION
        assertThat(given().get("/api/v1/payments/" + unnoticed).<String>path("status")).isEqualTo("SUCCEEDED");
        assertThat(Db.count("SELECT count(*) FROM attempt_status_change c JOIN payment_attempt a ON a.id = c.attempt_id"
                + " WHERE a.payment_id = $1 AND c.to_status = 'SUCCEEDED' AND c.source = 'RECONCILIATION'", unnoticed))
                .isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM journal_entry WHERE idempotency_key = $1", "payment:" + unnoticed))
                .isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM duplicate_payment d JOIN payment_attempt a ON a.id = d.attempt_id"
                + " WHERE a.payment_id = $1 AND d.status = 'QUEUED_FOR_REFUND'", second)).isEqualTo(1);
        Ledger.assertBalanced();

        // the next day's file lists the trade that crossed midnight; the omitted one is missing twice: suspense
        onDay(channel.equals("ALIPAY") ? 301 : 306);
        long nextId = reconcile(channel, day.plusDays(1));
        assertThat(Staff.as("auditor").get("/api/v1/reconciliations/" + nextId).then().extract().jsonPath()
                .getLong("classes.MATCHED.count")).isEqualTo(1);
        assertThat(discrepancy(runId, crossed)).containsEntry("status", "RESOLVED")
                .containsEntry("resolution", "FOUND_NEXT_DAY");
        Map<String, Object> missing = discrepancy(runId, omitted);
        assertThat(missing).containsEntry("status", "SUSPENSE").containsEntry("suspenseFen", -30000);
        assertThat(suspenseOf(omitted)).isEqualTo(-30000);
        Ledger.assertBalanced();

        // by hand: only a supervisor, with a reason, once
        resolve("clerk", runId, unknown.get("id"), "REFUND").then().statusCode(403);
        Staff.sendingJson("supervisor").body("{\"action\":\"REFUND\"}")
                .post("/api/v1/reconciliations/" + runId + "/discrepancies/" + unknown.get("id") + "/resolve")
                .then().statusCode(400);
        resolve("supervisor", runId, missing.get("id"), "REFUND").then().statusCode(422)
                .body("code", equalTo("NOTHING_TO_REFUND"));
        resolve("supervisor", runId, unknown.get("id"), "REFUND").then().statusCode(200)
                .body("status", equalTo("RESOLVED")).body("resolution", equalTo("REFUND"))
                .body("resolvedBy", equalTo("supervisor"));
        resolve("supervisor", runId, unknown.get("id"), "WRITE_OFF").then().statusCode(409)
                .body("code", equalTo("ALREADY_RESOLVED"));
        resolve("supervisor", runId, amount.get("id"), "WRITE_OFF").then().statusCode(200);
        resolve("supervisor", runId, missing.get("id"), "TRUST_PLATFORM").then().statusCode(200);
        resolve("supervisor", runId, discrepancy(runId, unnoticed).get("id"), "WRITE_OFF").then().statusCode(409);

        assertThat(suspenseOf(channelOnly)).isZero();
        assertThat(suspenseOf(altered)).isZero();
        assertThat(suspenseOf(omitted)).isZero();
        assertThat(Db.count("SELECT coalesce(sum(l.credit_fen - l.debit_fen), 0) FROM journal_line l JOIN journal_entry e"
                + " ON e.id = l.entry_id WHERE l.account = 'payer_refundable' AND e.reference = $1", channelOnly))
                .isEqualTo(777);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE actor = 'supervisor' AND subject_type = 'DISCREPANCY'"
                + " AND subject_id IN ($1, $2, $3)", unknown.get("id").toString(), amount.get("id").toString(),
                missing.get("id").toString())).isEqualTo(3);
    }

    @Test
    void concurrentRequestsOpenOneRunAndASupervisorReRunIsAudited() throws Exception {
        onDay(320);
        LocalDate day = clock.today();
        paid("ALIPAY", 12300);
        String channelOnly = Simulators.statementFault("ALIPAY", day, "ADD_CHANNEL_ONLY", null, 4500L);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                return open("ALIPAY", day);
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Future<Response> call : calls) {
            Response response = call.get();
            statuses.add(response.statusCode());
            ids.add(response.jsonPath().getLong("id"));
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        assertThat(ids).containsOnly(ids.get(0));
        long runId = ids.get(0);
        assertThat(Db.count("SELECT count(*) FROM reconciliation_run WHERE channel = 'ALIPAY' AND business_date = $1",
                day)).isEqualTo(1);
        JsonPath done = awaitRun(runId, "COMPLETED");
        assertThat(done.getInt("generation")).isEqualTo(1);
        open("ALIPAY", day).then().statusCode(200).body("id", equalTo((int) runId));
        assertThat(suspenseOf(channelOnly)).isEqualTo(4500);

        Staff.sendingJson("clerk").body("{\"reason\":\"again\"}").post("/api/v1/reconciliations/" + runId + "/rerun")
                .then().statusCode(403);
        Staff.sendingJson("supervisor").body("{}").post("/api/v1/reconciliations/" + runId + "/rerun").then()
                .statusCode(400);
        long auditsBefore = Db.count("SELECT count(*) FROM audit_event WHERE action = 'RECONCILIATION_RERUN'"
                + " AND subject_id = $1", Long.toString(runId));
        Staff.sendingJson("supervisor").body("{\"reason\":\"the channel re-issued its statement\"}")
                .post("/api/v1/reconciliations/" + runId + "/rerun").then().statusCode(200)
                .body("generation", equalTo(2));
        JsonPath again = awaitRun(runId, "COMPLETED");
        assertThat(again.getInt("generation")).isEqualTo(2);
        assertThat(again.getLong("classes.CHANNEL_ONLY.count")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'RECONCILIATION_RERUN' AND subject_id = $1"
                + " AND actor = 'supervisor' AND details ->> 'reason' = 'the channel re-issued its statement'",
                Long.toString(runId))).isEqualTo(auditsBefore + 1);
        assertThat(Db.count("SELECT count(*) FROM discrepancy WHERE run_id = $1 AND status = 'SUPERSEDED'", runId))
                .isEqualTo(1);
        assertThat(suspenseOf(channelOnly)).as("the first generation's suspense was reversed").isEqualTo(4500);
    }

    @Test
    void aMalformedStatementFailsTheRunWithItsLineAndKeepsNoLine() {
        onDay(330);
        LocalDate day = clock.today();
        paid("WECHAT_PAY", 1000);
        String broken = paid("WECHAT_PAY", 2000);
        Simulators.statementFault("WECHAT_PAY", day, "CORRUPT_LINE", broken, null);

        long runId = open("WECHAT_PAY", day).then().statusCode(201).extract().jsonPath().getLong("id");
        JsonPath failed = awaitRun(runId, "FAILED");
        // the line number depends on what else the channel listed that day (another test's background refund of a
        // duplicate payment may land on it): the error names a line, and the broken one's shape
        assertThat(failed.getString("error")).containsPattern("line [0-9]+: has 28 columns, not 27");
        assertThat(Db.count("SELECT count(*) FROM statement_line WHERE run_id = $1", runId)).isZero();
        assertThat(Db.count("SELECT count(*) FROM discrepancy WHERE run_id = $1", runId)).isZero();
        // the console says where and why, and no longer refreshes: the run is over
        String page = io.govclear.support.Console.signedIn("auditor", "demo-auditor")
                .get("/console/reconciliations/" + runId).then().statusCode(200).extract().asString();
        assertThat(page).contains("data-test=\"run-error\"").containsPattern("line [0-9]+: has 28 columns")
                .doesNotContain("http-equiv=\"refresh\"");
    }

    @Test
    void onlyADayThatHasBegunCanBeReconciledAndInputIsChecked() {
        onDay(340);
        open("ALIPAY", clock.today().plusDays(1)).then().statusCode(422)
                .body("code", equalTo("BUSINESS_DAY_NOT_CLOSED"));
        Staff.sendingJson("clerk").body("{\"channel\":\"PAYPAL\",\"businessDate\":\"2026-01-01\"}")
                .post("/api/v1/reconciliations")
                .then().statusCode(400);
        Staff.sendingJson("clerk").body("{\"channel\":\"ALIPAY\",\"businessDate\":\"yesterday\"}")
                .post("/api/v1/reconciliations")
                .then().statusCode(400);
        Staff.sendingJson("auditor").body("{\"channel\":\"ALIPAY\",\"businessDate\":\"" + clock.today() + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(403);
        given().contentType("application/json").body("{\"channel\":\"ALIPAY\",\"businessDate\":\"" + clock.today()
                + "\"}").post("/api/v1/reconciliations").then().statusCode(401);
        // runs of these two days only: other tests (SettlementRaceTest) open runs for later simulated days
        assertThat(Db.count("SELECT count(*) FROM reconciliation_run WHERE business_date IN ($1, $2)", clock.today(),
                clock.today().plusDays(1))).isZero();
    }

    @Test
    void aStatementIsAvailableFromTheChannelsTimeOnTheNextDay() {
        LocalDate day = LocalDate.of(2026, 11, 23);
        Instant nextDayAt959 = day.plusDays(1).atTime(9, 59).atZone(Clocks.BUSINESS_ZONE)
                .toInstant();
        assertThat(service.statementAvailable(Channel.WECHAT_PAY, day, nextDayAt959)).isFalse();
        assertThat(service.statementAvailable(Channel.WECHAT_PAY, day,
                nextDayAt959.plusSeconds(60))).isTrue();
        assertThat(service.statementAvailable(Channel.ALIPAY, day, nextDayAt959)).isTrue();
        assertThat(service.statementAvailable(Channel.ALIPAY, day,
                day.atTime(23, 59).atZone(Clocks.BUSINESS_ZONE).toInstant())).isFalse();
    }

    @Test
    void theSchedulerOpensYesterdaysRunOncePerChannelAndReportsCanBeRead() {
        onDay(350);
        paid("ALIPAY", 8800);
        String paymentId = paid("WECHAT_PAY", 9900);
        Simulators.statementFault("WECHAT_PAY", clock.today(), "OMIT_TRADE", paymentId, null);
        LocalDate day = clock.today();
        onDay(351);
        // the next day at 11:00, after every channel's statement time; twice, as two instances would: one run each
        Instant after = clock.today().atTime(11, 0).atZone(Clocks.BUSINESS_ZONE).toInstant();
        scheduler.openDue(after).await().atMost(WAIT);
        scheduler.openDue(after).await().atMost(WAIT);
        scheduler.processDue().await().atMost(WAIT);
        // one per configured channel: ALIPAY, WECHAT_PAY, UNIONPAY, BANK_ICBC, BANK_ABC
        assertThat(Db.count("SELECT count(*) FROM reconciliation_run WHERE business_date = $1 AND requested_by = 'system'",
                day)).isEqualTo(5);
        long alipay = Db.count("SELECT id FROM reconciliation_run WHERE channel = 'ALIPAY' AND business_date = $1", day);
        long wechat = Db.count("SELECT id FROM reconciliation_run WHERE channel = 'WECHAT_PAY' AND business_date = $1",
                day);
        assertThat(awaitRun(alipay, "COMPLETED").getLong("classes.MATCHED.count")).isEqualTo(1);
        // the omitted success is missing from its day's file: it waits for the next day's
        assertThat(awaitRun(wechat, "COMPLETED").getLong("classes.PLATFORM_ONLY.count")).isEqualTo(1);

        byte[] csv = Staff.as("auditor").get("/api/v1/reconciliations/" + wechat + "/report.csv").then().statusCode(200)
                .contentType("text/csv; charset=UTF-8").extract().asByteArray();
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).contains("差异编号,类别,状态,商户订单号").contains(paymentId).contains("PLATFORM_ONLY");
        io.govclear.support.Console auditor = io.govclear.support.Console.signedIn("auditor", "demo-auditor");
        String html = auditor.get("/console/reconciliations/" + wechat).then().statusCode(200)
                .contentType("text/html").extract().asString();
        assertThat(html).contains(paymentId).contains("待次日核对").doesNotContain("data-test=\"rerun\"");
        assertThat(auditor.get("/console/reconciliations?date=" + day).then().statusCode(200).extract().asString())
                .contains("data-test=\"run-WECHAT_PAY\"").contains("data-test=\"run-ALIPAY\"");
        // the page reads its run id as strictly as the API: "+7" or "07" names no run
        auditor.get("/console/reconciliations/+" + wechat).then().statusCode(404);
        auditor.get("/console/reconciliations/0" + wechat).then().statusCode(404);
        Staff.as("auditor").get("/api/v1/reconciliations/999999999").then().statusCode(404);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("govclear_reconciliation_runs_total")
                .contains("govclear_reconciliation_lines_total")
                .contains("govclear_reconciliation_duration_seconds")
                .contains("govclear_reconciliation_discrepancies_total");
    }
}
