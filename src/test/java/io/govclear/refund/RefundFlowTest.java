package io.govclear.refund;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.govclear.refund.service.RefundJobs;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Refunds end to end over HTTP: the unit's signed request, the approval by a supervisor, the refund sent through the
 * channel simulators in their own protocols, the bill's status, the ledger, and the channels' statements.
 * The test profile's approval threshold is 500.00 yuan.
 */
@QuarkusTest
class RefundFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String UNIT = Bills.TRAFFIC;

    @Inject
    TestClock clock;

    @Inject
    RefundJobs jobs;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void fullRefundRefundsTheBillAndReversesThePosting(String channel) {
        Paid paid = paidBill(20000, channel);
        String refundId = refund(paid.code(), "R-" + UUID.randomUUID(), 20000, "decision withdrawn")
                .then().statusCode(201)
                .body("amountFen", equalTo(20000)).body("status", equalTo("SUCCEEDED"))
                .body("channel", equalTo(channel)).body("paymentId", equalTo(paid.paymentId()))
                .extract().path("refundId");
        UnitApi.as(UNIT).get("/api/v1/orders/" + paid.code()).then().statusCode(200)
                .body("status", equalTo("REFUNDED"))
                .body("refunds[0].refundId", equalTo(refundId))
                .body("refunds[0].status", equalTo("SUCCEEDED"));
        assertBillLedger(paid.code(), 20000, 20000);
        assertThat(history(refundId)).containsExactly("REQUESTED", "SUBMITTED", "SUCCEEDED");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_type = 'REFUND' AND subject_id = $1",
                refundId)).isEqualTo(3);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_type = 'ORDER' AND subject_id = $1"
                + " AND action = 'ORDER_REFUNDED'", paid.code())).isEqualTo(1);
        assertThat(statementRefundLines(channel, refundId)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void partialRefundThenTheRest(String channel) {
        Paid paid = paidBill(30000, channel);
        refund(paid.code(), "P1-" + UUID.randomUUID(), 10000, "overcharged").then().statusCode(201)
                .body("status", equalTo("SUCCEEDED"));
        assertThat(Bills.status(paid.code())).isEqualTo("PARTIALLY_REFUNDED");
        assertBillLedger(paid.code(), 30000, 10000);
        refund(paid.code(), "P2-" + UUID.randomUUID(), 20000, "the rest").then().statusCode(201)
                .body("status", equalTo("SUCCEEDED"));
        assertThat(Bills.status(paid.code())).isEqualTo("REFUNDED");
        assertBillLedger(paid.code(), 30000, 30000);
        refund(paid.code(), "P3-" + UUID.randomUUID(), 1, "one fen more").then().statusCode(409)
                .body("code", equalTo("ORDER_NOT_REFUNDABLE"));
        UnitApi.as(UNIT).get("/api/v1/orders/" + paid.code() + "/refunds").then().statusCode(200)
                .body("size()", equalTo(2)).body("amountFen", equalTo(List.of(10000, 20000)));
    }

    @Test
    void sameRequestAgainIsTheSameRefundAndADifferentOneIsAConflict() {
        Paid paid = paidBill(9000, "ALIPAY");
        String no = "IDEM-" + UUID.randomUUID();
        String first = refund(paid.code(), no, 4000, "overcharged").then().statusCode(201).extract().path("refundId");
        Db.assertNothingButNoncesChangedBy(() -> {
            refund(paid.code(), no, 4000, "overcharged").then().statusCode(200)
                    .body("refundId", equalTo(first)).body("status", equalTo("SUCCEEDED"));
            refund(paid.code(), no, 5000, "overcharged").then().statusCode(409)
                    .body("code", equalTo("IDEMPOTENCY_CONFLICT"));
            refund(paid.code(), no, 4000, "another reason").then().statusCode(409)
                    .body("code", equalTo("IDEMPOTENCY_CONFLICT"));
        });
        assertBillLedger(paid.code(), 9000, 4000);
    }

    @Test
    void moreThanTheRemainderIsRefusedAndChangesNothing() {
        Paid paid = paidBill(5000, "WECHAT_PAY");
        refund(paid.code(), "O1-" + UUID.randomUUID(), 3000, "part").then().statusCode(201);
        long refunds = Db.count("SELECT count(*) FROM refund");
        refund(paid.code(), "O2-" + UUID.randomUUID(), 2001, "too much").then().statusCode(409)
                .body("code", equalTo("REFUND_EXCEEDS_PAID"));
        assertThat(Db.count("SELECT count(*) FROM refund")).isEqualTo(refunds);
        assertThat(Bills.status(paid.code())).isEqualTo("PARTIALLY_REFUNDED");
        assertBillLedger(paid.code(), 5000, 3000);
    }

    @Test
    void onlyTheUnitsOwnPaidBillsCanBeRefunded() {
        Paid paid = paidBill(2500, "ALIPAY");
        UnitApi.as("ZJU").post("/api/v1/orders/" + paid.code() + "/refunds", body("F-1", 100, "not mine"))
                .then().statusCode(404).body("code", equalTo("ORDER_NOT_FOUND"));
        String unpaid = Bills.issueFine(2500);
        refund(unpaid, "U-" + UUID.randomUUID(), 100, "not paid").then().statusCode(409)
                .body("code", equalTo("ORDER_NOT_REFUNDABLE"));
        refund(paid.code(), "V-" + UUID.randomUUID(), 0, "nothing").then().statusCode(400);
        refund(paid.code(), "V-" + UUID.randomUUID(), 100, "").then().statusCode(400);
        UnitApi.as(UNIT).post("/api/v1/orders/" + paid.code() + "/refunds",
                "{\"refundRequestNo\":\"X\",\"amountFen\":100,\"reason\":\"r\",\"extra\":1}").then().statusCode(400);
        assertThat(Db.count("SELECT count(*) FROM refund WHERE order_id = (SELECT id FROM payment_order"
                + " WHERE payment_code = $1)", paid.code())).isZero();
    }

    @Test
    void concurrentRefundsNeverExceedThePaidAmount() throws Exception {
        Paid paid = paidBill(40000, "WECHAT_PAY");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String no = "C" + i + "-" + UUID.randomUUID();
                answers.add(pool.submit(() -> {
                    start.await();
                    // each asks for 40 % of the bill: at most two fit
                    return refund(paid.code(), no, 16000, "concurrent").statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(2);
        assertThat(Db.count("SELECT coalesce(sum(amount_fen), 0) FROM refund WHERE status = 'SUCCEEDED'"
                + " AND order_id = (SELECT id FROM payment_order WHERE payment_code = $1)", paid.code()))
                .isEqualTo(32000);
        assertThat(Bills.status(paid.code())).isEqualTo("PARTIALLY_REFUNDED");
        assertBillLedger(paid.code(), 40000, 32000);
    }

    @Test
    void aRefundAboveTheThresholdWaitsForASupervisor() {
        Paid paid = paidBill(80000, "ALIPAY");
        String refundId = refund(paid.code(), "A-" + UUID.randomUUID(), 60000, "court ruling")
                .then().statusCode(201).body("status", equalTo("REQUESTED")).body("needsApproval", equalTo(true))
                .extract().path("refundId");
        assertThat(Ledger.entriesFor(paid.code())).isEqualTo(1);
        // the waiting refund holds its amount
        refund(paid.code(), "A2-" + UUID.randomUUID(), 30000, "more").then().statusCode(409)
                .body("code", equalTo("REFUND_EXCEEDS_PAID"));
        Staff.as("auditor").get("/api/v1/refunds?status=REQUESTED")
                .then().statusCode(200).body("refundId", hasItem(refundId));
        decide("clerk").post("/api/v1/refunds/" + refundId + "/approve").then().statusCode(403);
        given().contentType("application/json").body("{}").post("/api/v1/refunds/" + refundId + "/approve").then()
                .statusCode(401);
        assertThat(Bills.status(paid.code())).isEqualTo("PAID");

        // a decision is JSON only: not a form a cross-site page could post, not an empty body
        Staff.as("supervisor").contentType("application/x-www-form-urlencoded").body("reason=ok")
                .post("/api/v1/refunds/" + refundId + "/approve").then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        Staff.sendingJson("supervisor").post("/api/v1/refunds/" + refundId + "/approve").then()
                .statusCode(400).body("code", equalTo("BODY_REQUIRED"));
        assertThat(history(refundId)).containsExactly("REQUESTED");
        decide("supervisor").post("/api/v1/refunds/" + refundId + "/approve").then().statusCode(200)
                .body("status", equalTo("SUCCEEDED")).body("decidedBy", equalTo("supervisor"));
        assertThat(history(refundId)).containsExactly("REQUESTED", "APPROVED", "SUBMITTED", "SUCCEEDED");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_type = 'REFUND' AND subject_id = $1"
                + " AND action = 'REFUND_APPROVED' AND actor_type = 'STAFF' AND actor = 'supervisor'", refundId))
                .isEqualTo(1);
        assertThat(Bills.status(paid.code())).isEqualTo("PARTIALLY_REFUNDED");
        assertBillLedger(paid.code(), 80000, 60000);
        // deciding again: the same decision answers with the refund, another is refused
        decide("supervisor").post("/api/v1/refunds/" + refundId + "/approve").then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"));
        Staff.sendingJson("admin").body("{\"reason\":\"no\"}")
                .post("/api/v1/refunds/" + refundId + "/reject").then().statusCode(409)
                .body("code", equalTo("REFUND_NOT_AWAITING_APPROVAL"));
        assertThat(statementRefundLines("ALIPAY", refundId)).hasSize(1);
    }

    @Test
    void aRejectedRefundPostsNothingAndReleasesItsAmount() {
        Paid paid = paidBill(70000, "WECHAT_PAY");
        String refundId = refund(paid.code(), "J-" + UUID.randomUUID(), 70000, "withdrawn")
                .then().statusCode(201).body("status", equalTo("REQUESTED")).extract().path("refundId");
        decide("supervisor").post("/api/v1/refunds/" + refundId + "/reject").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        Staff.sendingJson("supervisor").body("{\"reason\":\"no court ruling attached\"}")
                .post("/api/v1/refunds/" + refundId + "/reject").then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("decidedBy", equalTo("supervisor"));
        decide("admin").post("/api/v1/refunds/" + refundId + "/approve").then().statusCode(409);
        assertThat(history(refundId)).containsExactly("REQUESTED", "REJECTED");
        assertThat(Ledger.entriesFor(paid.code())).isEqualTo(1);
        assertThat(Bills.status(paid.code())).isEqualTo("PAID");
        assertThat(statementRefundLines("WECHAT_PAY", refundId)).isEmpty();
        // the whole amount is refundable again
        refund(paid.code(), "J2-" + UUID.randomUUID(), 70000, "with the ruling").then().statusCode(201)
                .body("status", equalTo("REQUESTED"));
    }

    @ParameterizedTest
    @CsvSource({ "ALIPAY,ANSWER_LOST", "ALIPAY,BUSY", "WECHAT_PAY,ANSWER_LOST", "WECHAT_PAY,BUSY" })
    void anUnknownAnswerIsQueriedNeverFailed(String channel, String fault) {
        Paid paid = paidBill(12000, channel);
        Simulators.refundFault(channel, paid.paymentId(), fault);
        String refundId = refund(paid.code(), "K-" + UUID.randomUUID(), 12000, "channel hiccup")
                .then().statusCode(201).body("status", equalTo("SUBMITTED")).extract().path("refundId");
        assertThat(Bills.status(paid.code())).isEqualTo("PAID");
        await().atMost(WAIT).untilAsserted(() -> UnitApi.as(UNIT).get("/api/v1/orders/" + paid.code() + "/refunds")
                .then().body("[0].status", equalTo("SUCCEEDED")));
        assertThat(Bills.status(paid.code())).isEqualTo("REFUNDED");
        assertThat(history(refundId)).containsExactly("REQUESTED", "SUBMITTED", "SUCCEEDED");
        assertBillLedger(paid.code(), 12000, 12000);
        assertThat(statementRefundLines(channel, refundId)).as("refunded once at the channel").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void aRefusedRefundFailsPostsNothingAndReleasesItsAmount(String channel) {
        Paid paid = paidBill(15000, channel);
        Simulators.refundFault(channel, paid.paymentId(), "REFUSED");
        String refundId = refund(paid.code(), "N-" + UUID.randomUUID(), 15000, "balance too low")
                .then().statusCode(201).body("status", equalTo("FAILED")).extract().path("refundId");
        assertThat(history(refundId)).containsExactly("REQUESTED", "SUBMITTED", "FAILED");
        assertThat(Bills.status(paid.code())).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(paid.code())).isEqualTo(1);
        assertThat(statementRefundLines(channel, refundId)).isEmpty();
        String again = refund(paid.code(), "N2-" + UUID.randomUUID(), 15000, "balance topped up")
                .then().statusCode(201).body("status", equalTo("SUCCEEDED")).extract().path("refundId");
        assertThat(again).isNotEqualTo(refundId);
        assertThat(Bills.status(paid.code())).isEqualTo("REFUNDED");
        assertBillLedger(paid.code(), 15000, 15000);
    }

    @Test
    void queryJobsOnManyInstancesSettleEachRefundOnce() throws Exception {
        List<String> refundIds = new ArrayList<>();
        List<Paid> bills = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String channel = i % 2 == 0 ? "ALIPAY" : "WECHAT_PAY";
            Paid paid = paidBill(3000 + i, channel);
            Simulators.refundFault(channel, paid.paymentId(), i < 2 ? "ANSWER_LOST" : "BUSY");
            refundIds.add(refund(paid.code(), "M" + i + "-" + UUID.randomUUID(), 3000 + i, "instances")
                    .then().statusCode(201).body("status", equalTo("SUBMITTED")).extract().path("refundId"));
            bills.add(paid);
        }
        // four instances' jobs at once (and the scheduler's own), all due now
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return jobs.queryDue().await().atMost(WAIT);
                }));
            }
            Db.execute("UPDATE refund SET next_query_at = now() - interval '1 minute' WHERE refund_id = ANY($1)",
                    (Object) refundIds.toArray(String[]::new));
            start.countDown();
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 4; i++) {
            String refundId = refundIds.get(i);
            await().atMost(WAIT).until(() -> history(refundId).contains("SUCCEEDED"));
            assertThat(history(refundId)).containsExactly("REQUESTED", "SUBMITTED", "SUCCEEDED");
            assertBillLedger(bills.get(i).code(), 3000 + i, 3000 + i);
            assertThat(statementRefundLines(i % 2 == 0 ? "ALIPAY" : "WECHAT_PAY", refundId)).hasSize(1);
        }
    }

    @Test
    void aDuplicatePaymentIsRefundedAutomaticallyAndTheBillStaysPaid() {
        String code = Bills.issueFine(7000);
        String alipay = Payments.start(code, "ALIPAY");
        String wechat = Payments.start(code, "WECHAT_PAY");
        // the payer pays twice, before either payment is booked (a booked bill would have the other trade closed)
        Payments.pay("ALIPAY", alipay);
        Payments.pay("WECHAT_PAY", wechat);
        Payments.awaitSucceeded(alipay);
        Payments.awaitSucceeded(wechat);
        Row duplicate = Db.one("SELECT d.id, a.payment_id, a.channel FROM duplicate_payment d JOIN payment_attempt a"
                + " ON a.id = d.attempt_id JOIN payment_order o ON o.id = d.order_id WHERE o.payment_code = $1", code);
        long duplicateId = duplicate.getLong("id");
        String duplicatePayment = duplicate.getString("payment_id");
        String duplicateChannel = duplicate.getString("channel");
        String paidChannel = duplicateChannel.equals("ALIPAY") ? "WECHAT_PAY" : "ALIPAY";
        // queued payments wait for the configured delay (an hour in tests) before they go back: age this one
        Db.execute("UPDATE duplicate_payment SET created_at = created_at - interval '2 hours' WHERE id = $1",
                duplicateId);
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM duplicate_payment WHERE id = $1"
                + " AND status = 'REFUNDED'", duplicateId) == 1);
        UnitApi.as(UNIT).get("/api/v1/orders/" + code + "/refunds").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].duplicate", equalTo(true))
                .body("[0].paymentId", equalTo(duplicatePayment)).body("[0].status", equalTo("SUCCEEDED"))
                .body("[0].refundRequestNo", nullValue()).body("[0].amountFen", equalTo(7000));
        String refundId = UnitApi.as(UNIT).get("/api/v1/orders/" + code + "/refunds").path("[0].refundId");
        assertThat(history(refundId)).containsExactly("REQUESTED", "SUBMITTED", "SUCCEEDED");
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(3);
        assertThat(net(code, "payer_refundable")).isZero();
        assertThat(net(code, "channel_clearing:" + duplicateChannel)).isZero();
        assertThat(net(code, "channel_clearing:" + paidChannel)).isEqualTo(7000);
        assertThat(net(code, "unit_payable:" + UNIT)).isEqualTo(-7000);
        assertThat(statementRefundLines(duplicateChannel, refundId)).hasSize(1);
        // the whole paid amount can still be refunded by the unit, from the payment that paid the bill
        refund(code, "D-" + UUID.randomUUID(), 7000, "after all").then().statusCode(201)
                .body("status", equalTo("SUCCEEDED"))
                .body("paymentId", equalTo(duplicatePayment.equals(alipay) ? wechat : alipay));
        assertBillLedger(code, 7000, 7000);
    }

    private record Paid(String code, String paymentId) {
    }

    /** A fine of the unit, paid on the channel. */
    private static Paid paidBill(long amountFen, String channel) {
        String code = Bills.issueFine(amountFen);
        String paymentId = Payments.payBill(code, channel);
        assertThat(Bills.status(code)).isEqualTo("PAID");
        return new Paid(code, paymentId);
    }

    private static Response refund(String code, String refundRequestNo, long amountFen, String reason) {
        return UnitApi.as(UNIT).post("/api/v1/orders/" + code + "/refunds", body(refundRequestNo, amountFen, reason));
    }

    private static String body(String refundRequestNo, long amountFen, String reason) {
        return "{\"refundRequestNo\":\"" + refundRequestNo + "\",\"amountFen\":" + amountFen + ",\"reason\":\""
                + reason + "\"}";
    }

    /** A staff decision with nothing to say: {}. */
    private static RequestSpecification decide(String user) {
        return Staff.sendingJson(user).body("{}");
    }

    /** The refund's statuses in the order they were recorded. */
    private static List<String> history(String refundId) {
        List<String> statuses = new ArrayList<>();
        Db.pool().preparedQuery("SELECT c.to_status FROM refund_status_change c JOIN refund r ON r.id = c.refund_id"
                        + " WHERE r.refund_id = $1 ORDER BY c.id")
                .execute(Tuple.of(refundId)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> statuses.add(row.getString(0)));
        return statuses;
    }

    /** Debits minus credits of accounts starting with {@code account} in the entries of one bill. */
    private static long net(String code, String account) {
        return Db.count("SELECT coalesce(sum(l.debit_fen - l.credit_fen), 0) FROM journal_line l"
                + " JOIN journal_entry e ON e.id = l.entry_id WHERE e.reference = $1 AND l.account LIKE $2",
                code, account + "%");
    }

    /** The bill's own history: paid in, refunded out, one entry each, and the clearing and payable sides agree. */
    private static void assertBillLedger(String code, long paidFen, long refundedFen) {
        assertThat(net(code, "channel_clearing:")).isEqualTo(paidFen - refundedFen);
        assertThat(net(code, "unit_payable:" + UNIT)).isEqualTo(-(paidFen - refundedFen));
        assertThat(Db.count("SELECT count(*) FROM journal_entry WHERE reference = $1 AND entry_type = 'REFUND'",
                code)).isEqualTo(Db.count("SELECT count(*) FROM refund r JOIN payment_order o ON o.id = r.order_id"
                        + " WHERE o.payment_code = $1 AND r.kind = 'UNIT' AND r.status = 'SUCCEEDED'", code));
    }

    /** The lines of today's channel statement that list this refund. */
    private List<String> statementRefundLines(String channel, String refundId) {
        String today = clock.today().toString();
        List<String> lines = new ArrayList<>();
        if (channel.equals("ALIPAY")) {
            byte[] zip = given().get(sim("/sim/alipay/statements/" + today)).then().statusCode(200).extract()
                    .asByteArray();
            Charset gbk = Charset.forName("GBK");
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), gbk)) {
                in.getNextEntry();
                for (String line : new String(in.readAllBytes(), gbk).split("\n")) {
                    if (!line.startsWith("#") && line.contains("," + refundId + ",")) {
                        assertThat(line.split(",")[2]).isEqualTo("退款");
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        } else {
            Response bill = given().get(sim("/sim/wechat-pay/statements/" + today));
            if (bill.statusCode() == 404) {
                return lines;
            }
            for (String line : new String(bill.asByteArray(), StandardCharsets.UTF_8).split("\r\n")) {
                if (line.contains("`" + refundId + ",")) {
                    assertThat(line.split(",")[9]).isEqualTo("`REFUND");
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}
