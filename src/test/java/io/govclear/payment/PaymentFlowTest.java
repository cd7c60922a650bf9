package io.govclear.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.TestClock;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paying bills end to end through the channel simulators, over HTTP, in each channel's own protocol. */
@QuarkusTest
class PaymentFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void paidBillIsPostedOnce(String channel) {
        String code = Bills.issueFine(20000);
        String paymentId = Payments.start(code, channel);
        assertThat(Payments.checkout(code, channel).then().statusCode(201).extract().<String>path("paymentId"))
                .as("one open attempt per bill and channel").isEqualTo(paymentId);
        Payments.pay(channel, paymentId, "NORMAL");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1 AND verified", paymentId))
                .isPositive();
        UnitApi.as("HZ-TRAFFIC").get("/api/v1/orders/" + code).then().statusCode(200)
                .body("status", equalTo("PAID"))
                .body("payments[0].paymentId", equalTo(paymentId))
                .body("payments[0].status", equalTo("SUCCEEDED"));
        Payments.checkout(code, channel).then().statusCode(409).body("code", equalTo("ORDER_NOT_PAYABLE"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void droppedNotifyIsRecoveredByQuery(String channel) {
        String code = Bills.issueFine(3000);
        String paymentId = Payments.start(code, channel);
        Payments.pay(channel, paymentId, "DROP");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void tenDuplicateNotifiesPostOnce(String channel) {
        String code = Bills.issueFine(4000);
        String paymentId = Payments.start(code, channel);
        Payments.pay(channel, paymentId, "DUPLICATE");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1",
                paymentId) >= 10);
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM attempt_status_change c JOIN payment_attempt a"
                + " ON a.id = c.attempt_id WHERE a.payment_id = $1 AND c.to_status = 'SUCCEEDED'", paymentId))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void tamperedNotifyIsRejectedAndTheQueryTellsTheTruth(String channel) {
        String code = Bills.issueFine(5000);
        String paymentId = Payments.start(code, channel);
        Payments.pay(channel, paymentId, "TAMPER");
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1"
                + " AND NOT verified AND outcome = 'REJECTED'", paymentId) >= 1);
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void delayedNotifyStillPays(String channel) {
        String code = Bills.issueFine(6000);
        String paymentId = Payments.start(code, channel);
        Payments.pay(channel, paymentId, "DELAY");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Bills.status(code)).isEqualTo("PAID");
    }

    @Test
    void billPaidOnBothChannelsIsPaidOnceAndTheSecondIsADuplicate() {
        String code = Bills.issueFine(7000);
        String alipay = Payments.start(code, "ALIPAY");
        String wechat = Payments.start(code, "WECHAT_PAY");
        Payments.pay("ALIPAY", alipay, "NORMAL");
        Payments.awaitStatus(alipay, "SUCCEEDED");
        Payments.pay("WECHAT_PAY", wechat, "NORMAL");
        Payments.awaitStatus(wechat, "SUCCEEDED");
        given().get("/api/v1/payments/" + wechat).then().body("duplicate", equalTo(true));
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Db.count("SELECT count(*) FROM duplicate_payment d JOIN payment_attempt a ON a.id = d.attempt_id"
                + " WHERE a.payment_id = $1 AND d.status = 'QUEUED_FOR_REFUND'", wechat)).isEqualTo(1);
        assertThat(Db.count("SELECT sum(credit_fen) FROM journal_line WHERE account = 'payer_refundable'"
                + " AND entry_id IN (SELECT id FROM journal_entry WHERE reference = $1)", code)).isEqualTo(7000);
        assertThat(Ledger.entriesFor(code)).isEqualTo(2);
    }

    @Test
    void concurrentCheckoutsMakeOneOpenAttempt() throws Exception {
        String code = Bills.issueFine(8000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return Payments.checkout(code, "ALIPAY").then().statusCode(201).extract().<String>path("paymentId");
                }));
            }
            start.countDown();
            List<String> seen = new ArrayList<>();
            for (Future<String> id : ids) {
                seen.add(id.get());
            }
            assertThat(seen).containsOnly(seen.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lateFeeIsFrozenIntoTheAttempt() {
        String code = Bills.issueFine(10000, clock.today().minusDays(2));
        Payments.checkout(code, "ALIPAY").then().statusCode(201)
                .body("principalFen", equalTo(10000)).body("lateFeeFen", equalTo(600))
                .body("amountFen", equalTo(10600));
    }

    @Test
    void cancelledBillIsNotPayable() {
        String code = Bills.issueFine(900);
        Bills.cancel(Bills.TRAFFIC, code);
        Payments.checkout(code, "ALIPAY").then().statusCode(409).body("code", equalTo("ORDER_NOT_PAYABLE"));
        String unknown = "3301002699999999999" + io.govclear.order.PaymentCodes.luhnDigit("3301002699999999999");
        Payments.checkout(unknown, "ALIPAY").then().statusCode(404);
    }

    @Test
    void channelTheUnitDoesNotAcceptIsRefused() {
        String code = Bills.issue("HZ-REALESTATE", "[{\"itemCode\":\"REALESTATE-REG\"}]",
                clock.today().plusDays(3), null);
        Payments.checkout(code, "UNIONPAY").then().statusCode(400).body("code", equalTo("CHANNEL_NOT_AVAILABLE"));
        Payments.checkout(code, "PAYPAL").then().statusCode(400);
    }

    @Test
    void expiredAttemptIsQueriedAndClosedAtTheChannel() {
        String code = Bills.issueFine(1100);
        String paymentId = Payments.start(code, "ALIPAY");
        // the payer walks away: past its expiry the engine queries, closes it at the channel, then here
        clock.advance(Duration.ofMinutes(16));
        Db.execute("UPDATE payment_attempt SET next_query_at = now() - interval '1 day' WHERE payment_id = $1",
                paymentId);
        Payments.awaitStatus(paymentId, "CLOSED");
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void successAfterCloseOnACancelledBillIsRecordedAsDuplicatePayment() {
        String code = Bills.issueFine(1200);
        String paymentId = Payments.start(code, "WECHAT_PAY");
        // we had given the attempt up and the unit cancelled the bill; then the payer's money arrives anyway
        Db.execute("UPDATE payment_attempt SET status = 'CLOSED' WHERE payment_id = $1", paymentId);
        Bills.cancel(Bills.TRAFFIC, code);
        Payments.pay("WECHAT_PAY", paymentId, "NORMAL");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        given().get("/api/v1/payments/" + paymentId).then().body("duplicate", equalTo(true));
        assertThat(Bills.status(code)).isEqualTo("CANCELLED");
        assertThat(Db.count("SELECT count(*) FROM duplicate_payment d JOIN payment_attempt a ON a.id = d.attempt_id"
                + " WHERE a.payment_id = $1", paymentId)).isEqualTo(1);
    }

    @Test
    void lateSuccessOfAClosedAttemptStillPaysAnUnpaidBill() {
        String code = Bills.issueFine(1300);
        String paymentId = Payments.start(code, "ALIPAY");
        Db.execute("UPDATE payment_attempt SET status = 'CLOSED' WHERE payment_id = $1", paymentId);
        Payments.pay("ALIPAY", paymentId, "NORMAL");
        Payments.awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }
}
