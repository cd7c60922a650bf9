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
import io.govclear.support.Payments;
import io.govclear.support.TestClock;
import io.govclear.support.UnionPayBrowser;
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

    /**
     * Checkout on UnionPay and the payer's browser at UnionPay's payer page, each step checked (Payments.start does
     * the same without looking); returns the paymentId.
     */
    private static String startPayment(String paymentCode) {
        var created = Payments.checkout(paymentCode, "UNIONPAY")
                .then().statusCode(201).body("channel", equalTo("UNIONPAY")).body("status", equalTo("PENDING"))
                .extract();
        String paymentId = created.path("paymentId");
        String payUrl = created.path("payUrl");
        assertThat(payUrl).endsWith("/pay/unionpay/" + paymentId);
        UnionPayBrowser.open(payUrl).then().statusCode(200).body(containsString(paymentId));
        return paymentId;
    }

    @Test
    void paidBillIsPostedOnce() {
        String code = Bills.issueFine(20000);
        String paymentId = startPayment(code);
        Payments.pay("UNIONPAY", paymentId, "NORMAL");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1"
                + " AND verified AND channel = 'UNIONPAY'", paymentId) >= 1);
        assertThat(Db.one("SELECT channel_trade_no FROM payment_attempt WHERE payment_id = $1", paymentId)
                .getString(0)).hasSize(21).containsOnlyDigits();
        Payments.checkout(code, "UNIONPAY").then().statusCode(409);
    }

    @Test
    void droppedNotifyIsRecoveredByQuery() {
        String code = Bills.issueFine(3000);
        String paymentId = startPayment(code);
        Payments.pay("UNIONPAY", paymentId, "DROP");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1", paymentId)).isZero();
    }

    @Test
    void tenDuplicateNotifiesPostOnce() {
        String code = Bills.issueFine(4000);
        String paymentId = startPayment(code);
        Payments.pay("UNIONPAY", paymentId, "DUPLICATE");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1",
                paymentId) >= 10);
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM attempt_status_change c JOIN payment_attempt a"
                + " ON a.id = c.attempt_id WHERE a.payment_id = $1 AND c.to_status = 'SUCCEEDED'", paymentId))
                .isEqualTo(1);
    }

    @Test
    void concurrentIdenticalNotifiesPostOnce() throws Exception {
        String code = Bills.issueFine(4100);
        String paymentId = startPayment(code);
        Payments.pay("UNIONPAY", paymentId, "DROP");
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
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @Test
    void tamperedNotifyIsRejectedAndTheQueryTellsTheTruth() {
        String code = Bills.issueFine(5000);
        String paymentId = startPayment(code);
        Payments.pay("UNIONPAY", paymentId, "TAMPER");
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1"
                + " AND NOT verified AND outcome = 'REJECTED'", paymentId) >= 1);
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT amount_fen FROM payment_attempt WHERE payment_id = $1", paymentId))
                .isEqualTo(5000);
    }

    @Test
    void delayedNotifyStillPays() {
        String code = Bills.issueFine(6000);
        String paymentId = startPayment(code);
        Payments.pay("UNIONPAY", paymentId, "DELAY");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @Test
    void failedPaymentIsFoundByQueryAndBooksNothing() {
        String code = Bills.issueFine(7000);
        String paymentId = startPayment(code);
        Payments.payAtChannel("UNIONPAY", paymentId, "FAIL", "NORMAL");
        Payments.awaitStatus(paymentId, "FAILED");
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void unpaidConsumeIsClosedOnceItLapsedAtPayTimeout() {
        String code = Bills.issueFine(7500);
        String paymentId = startPayment(code);
        // the payer walks away: past its expiry (= payTimeout) the engine queries, UnionPay knows no payment: closed
        clock.advance(Duration.ofMinutes(16));
        Db.execute("UPDATE payment_attempt SET next_query_at = now() - interval '1 day' WHERE payment_id = $1",
                paymentId);
        Payments.awaitStatus(paymentId, "CLOSED");
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
        given().contentType("application/json").body("{}").post(sim("/sim/unionpay/orders/" + paymentId + "/pay"))
                .then().statusCode(409);
    }

    @Test
    void successNotifyTheQueryDoesNotConfirmBooksNothing() {
        String code = Bills.issueFine(8000);
        String paymentId = startPayment(code);
        // genuinely signed by UnionPay's key, but the payer never paid: the query says there is no such transaction
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8").body(signedNotify(paymentId, 8000))
                .post("/callbacks/unionpay").then().statusCode(500);
        assertThat(Db.one("SELECT verified, outcome FROM channel_callback WHERE payment_id = $1", paymentId)
                .getString(1)).isEqualTo("UNCONFIRMED");
        given().get("/api/v1/payments/" + paymentId).then().body("status", equalTo("PENDING"));
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void unionPayAttemptsAreQueriedOnUnionPaysScheduleOthersOnTheGlobalOne() {
        String unionPay = startPayment(Bills.issueFine(900));
        String alipay = Payments.start(Bills.issueFine(901), "ALIPAY");
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
        String code = Bills.issueFine(1000);
        given().get("/pay/" + code).then().statusCode(200).body(containsString("data-channel=\"UNIONPAY\""));
        given().get("/pay/unionpay/GC000000000000000001").then().statusCode(404);
        Payments.checkout(code, "UNIONPAY").then().statusCode(201)
                .body("payUrl", endsWith("/pay/unionpay/" + Payments.checkout(code, "UNIONPAY").path("paymentId")));
    }

    /** A success back notify for a consume, signed as UnionPay signs it (the simulator's key and certificate). */
    static String signedNotify(String paymentId, long amountFen) {
        String txnTime = Db.one("SELECT txn_time FROM unionpay_txn WHERE order_id = $1", paymentId).getString(0);
        return UnionPayFixtures.signedNotifyBody(paymentId, txnTime, amountFen);
    }
}
