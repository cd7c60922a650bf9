package io.govclear.payment;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.unionpay.UnionPayFixtures;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Simulators;
import io.govclear.support.TestClock;
import io.govclear.support.UnionPayBrowser;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Paying bills on UnionPay end to end: checkout, the payer's browser posting the signed consume form to the
 * simulator, the payer paying, the simulator's back notify (with its faults) confirmed by query, the ledger.
 */
@QuarkusTest
class UnionPayFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    private String issueFine(long amountFen) {
        return UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders",
                        Bills.fine(Bills.orderNo(), amountFen, clock.today().plusDays(10)))
                .then().statusCode(201).extract().path("paymentCode");
    }

    /** Checkout on UnionPay and the payer's browser at UnionPay's payer page; returns the paymentId. */
    private String startPayment(String paymentCode) {
        var created = given().contentType("application/json").body("{\"channel\":\"UNIONPAY\"}")
                .post("/api/v1/bills/" + paymentCode + "/payments")
                .then().statusCode(201).body("channel", equalTo("UNIONPAY")).body("status", equalTo("PENDING"))
                .extract();
        String paymentId = created.path("paymentId");
        String payUrl = created.path("payUrl");
        assertThat(payUrl).endsWith("/pay/unionpay/" + paymentId);
        UnionPayBrowser.open(payUrl).then().statusCode(200).body(containsString(paymentId));
        return paymentId;
    }

    private void pay(String paymentId, String outcome, String notify) {
        given().contentType("application/json").body("{\"outcome\":\"" + outcome + "\",\"notify\":\"" + notify + "\"}")
                .post(sim("/sim/unionpay/orders/" + paymentId + "/pay")).then().statusCode(200);
    }

    private void awaitStatus(String paymentId, String status) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/payments/" + paymentId).then()
                .body("status", equalTo(status)));
    }

    private String billStatus(String paymentCode) {
        return given().get("/api/v1/bills/" + paymentCode).path("status");
    }

    @Test
    void paidBillIsPostedOnce() {
        String code = issueFine(20000);
        String paymentId = startPayment(code);
        pay(paymentId, "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(billStatus(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1"
                + " AND verified AND channel = 'UNIONPAY'", paymentId) >= 1);
        assertThat(Db.one("SELECT channel_trade_no FROM payment_attempt WHERE payment_id = $1", paymentId)
                .getString(0)).hasSize(21).containsOnlyDigits();
        given().contentType("application/json").body("{\"channel\":\"UNIONPAY\"}")
                .post("/api/v1/bills/" + code + "/payments").then().statusCode(409);
    }

    @Test
    void droppedNotifyIsRecoveredByQuery() {
        String code = issueFine(3000);
        String paymentId = startPayment(code);
        pay(paymentId, "SUCCESS", "DROP");
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(billStatus(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1", paymentId)).isZero();
    }

    @Test
    void tenDuplicateNotifiesPostOnce() {
        String code = issueFine(4000);
        String paymentId = startPayment(code);
        pay(paymentId, "SUCCESS", "DUPLICATE");
        awaitStatus(paymentId, "SUCCEEDED");
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1",
                paymentId) >= 10);
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM attempt_status_change c JOIN payment_attempt a"
                + " ON a.id = c.attempt_id WHERE a.payment_id = $1 AND c.to_status = 'SUCCEEDED'", paymentId))
                .isEqualTo(1);
    }

    @Test
    void concurrentIdenticalNotifiesPostOnce() throws Exception {
        String code = issueFine(4100);
        String paymentId = startPayment(code);
        pay(paymentId, "SUCCESS", "DROP");
        String body = signedNotify(paymentId, 4100);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return given().contentType("application/x-www-form-urlencoded; charset=UTF-8").body(body)
                            .post("/callbacks/unionpay").statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @Test
    void tamperedNotifyIsRejectedAndTheQueryTellsTheTruth() {
        String code = issueFine(5000);
        String paymentId = startPayment(code);
        pay(paymentId, "SUCCESS", "TAMPER");
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1"
                + " AND NOT verified AND outcome = 'REJECTED'", paymentId) >= 1);
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT amount_fen FROM payment_attempt WHERE payment_id = $1", paymentId))
                .isEqualTo(5000);
    }

    @Test
    void delayedNotifyStillPays() {
        String code = issueFine(6000);
        String paymentId = startPayment(code);
        pay(paymentId, "SUCCESS", "DELAY");
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(billStatus(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @Test
    void failedPaymentIsFoundByQueryAndBooksNothing() {
        String code = issueFine(7000);
        String paymentId = startPayment(code);
        pay(paymentId, "FAIL", "NORMAL");
        awaitStatus(paymentId, "FAILED");
        assertThat(billStatus(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void unpaidConsumeIsClosedOnceItLapsedAtPayTimeout() {
        String code = issueFine(7500);
        String paymentId = startPayment(code);
        // the payer walks away: past its expiry (= payTimeout) the engine queries, UnionPay knows no payment: closed
        clock.advance(Duration.ofMinutes(16));
        Db.execute("UPDATE payment_attempt SET next_query_at = now() - interval '1 day' WHERE payment_id = $1",
                paymentId);
        awaitStatus(paymentId, "CLOSED");
        assertThat(billStatus(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
        given().contentType("application/json").body("{}").post(sim("/sim/unionpay/orders/" + paymentId + "/pay"))
                .then().statusCode(409);
    }

    @Test
    void successNotifyTheQueryDoesNotConfirmBooksNothing() {
        String code = issueFine(8000);
        String paymentId = startPayment(code);
        // genuinely signed by UnionPay's key, but the payer never paid: the query says there is no such transaction
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8").body(signedNotify(paymentId, 8000))
                .post("/callbacks/unionpay").then().statusCode(500);
        assertThat(Db.one("SELECT verified, outcome FROM channel_callback WHERE payment_id = $1", paymentId)
                .getString(1)).isEqualTo("UNCONFIRMED");
        given().get("/api/v1/payments/" + paymentId).then().body("status", equalTo("PENDING"));
        assertThat(billStatus(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void unionPayAttemptsAreQueriedOnUnionPaysScheduleOthersOnTheGlobalOne() {
        String unionPay = startPayment(issueFine(900));
        String alipay = given().contentType("application/json").body("{\"channel\":\"ALIPAY\"}")
                .post("/api/v1/bills/" + issueFine(901) + "/payments").then().statusCode(201)
                .extract().path("paymentId");
        // past the end of both schedules: UnionPay's last step is 32 s, the test profile's global one 5 s
        for (String id : List.of(unionPay, alipay)) {
            Db.execute("UPDATE payment_attempt SET query_count = 7, next_query_at = now() - interval '1 day'"
                    + " WHERE payment_id = $1", id);
        }
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM payment_attempt WHERE payment_id IN ($1, $2)"
                + " AND query_count = 8", unionPay, alipay) == 2);
        long unionPayStep = Db.count("SELECT extract(epoch FROM next_query_at - now())::bigint FROM payment_attempt"
                + " WHERE payment_id = $1", unionPay);
        long alipayStep = Db.count("SELECT extract(epoch FROM next_query_at - now())::bigint FROM payment_attempt"
                + " WHERE payment_id = $1", alipay);
        assertThat(unionPayStep).isBetween(25L, 32L);
        assertThat(alipayStep).isBetween(0L, 5L);
    }

    @Test
    void cashierPageOffersUnionPay() {
        String code = issueFine(1000);
        given().get("/pay/" + code).then().statusCode(200).body(containsString("data-channel=\"UNIONPAY\""));
        given().get("/pay/unionpay/GC000000000000000001").then().statusCode(404);
        given().contentType("application/json").body("{\"channel\":\"UNIONPAY\"}")
                .post("/api/v1/bills/" + code + "/payments").then().statusCode(201)
                .body("payUrl", endsWith("/pay/unionpay/" + given().contentType("application/json")
                        .body("{\"channel\":\"UNIONPAY\"}").post("/api/v1/bills/" + code + "/payments")
                        .path("paymentId")));
    }

    /** A success back notify for a consume, signed as UnionPay signs it (the simulator's key and certificate). */
    static String signedNotify(String paymentId, long amountFen) {
        String txnTime = Db.one("SELECT txn_time FROM unionpay_txn WHERE order_id = $1", paymentId).getString(0);
        return UnionPayFixtures.signedNotifyBody(paymentId, txnTime, amountFen);
    }
}
