package io.govclear.payment;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Simulators;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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

    private String issueFine(long amountFen) {
        return UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders",
                        Bills.fine(Bills.orderNo(), amountFen, clock.today().plusDays(10)))
                .then().statusCode(201).extract().path("paymentCode");
    }

    private Response checkout(String paymentCode, String channel) {
        return given().contentType("application/json").body("{\"channel\":\"" + channel + "\"}")
                .post("/api/v1/bills/" + paymentCode + "/payments");
    }

    private String startPayment(String paymentCode, String channel) {
        return checkout(paymentCode, channel).then().statusCode(201)
                .body("channel", equalTo(channel)).body("status", equalTo("PENDING"))
                .extract().path("paymentId");
    }

    private static String slug(String channel) {
        return channel.equals("ALIPAY") ? "alipay" : "wechat-pay";
    }

    private void pay(String channel, String paymentId, String notify) {
        given().contentType("application/json").body("{\"outcome\":\"SUCCESS\",\"notify\":\"" + notify + "\"}")
                .post(sim("/sim/" + slug(channel) + "/orders/" + paymentId + "/pay")).then().statusCode(200);
    }

    private void awaitStatus(String paymentId, String status) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/payments/" + paymentId).then()
                .body("status", equalTo(status)));
    }

    private String billStatus(String paymentCode) {
        return given().get("/api/v1/bills/" + paymentCode).path("status");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void paidBillIsPostedOnce(String channel) {
        String code = issueFine(20000);
        String paymentId = startPayment(code, channel);
        assertThat(checkout(code, channel).then().statusCode(201).extract().<String>path("paymentId"))
                .as("one open attempt per bill and channel").isEqualTo(paymentId);
        pay(channel, paymentId, "NORMAL");
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(billStatus(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1 AND verified", paymentId))
                .isPositive();
        UnitApi.as("HZ-TRAFFIC").get("/api/v1/orders/" + code).then().statusCode(200)
                .body("status", equalTo("PAID"))
                .body("payments[0].paymentId", equalTo(paymentId))
                .body("payments[0].status", equalTo("SUCCEEDED"));
        checkout(code, channel).then().statusCode(409).body("code", equalTo("ORDER_NOT_PAYABLE"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void droppedNotifyIsRecoveredByQuery(String channel) {
        String code = issueFine(3000);
        String paymentId = startPayment(code, channel);
        pay(channel, paymentId, "DROP");
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(billStatus(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void tenDuplicateNotifiesPostOnce(String channel) {
        String code = issueFine(4000);
        String paymentId = startPayment(code, channel);
        pay(channel, paymentId, "DUPLICATE");
        awaitStatus(paymentId, "SUCCEEDED");
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
        String code = issueFine(5000);
        String paymentId = startPayment(code, channel);
        pay(channel, paymentId, "TAMPER");
        await().atMost(WAIT).until(() -> Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1"
                + " AND NOT verified AND outcome = 'REJECTED'", paymentId) >= 1);
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void delayedNotifyStillPays(String channel) {
        String code = issueFine(6000);
        String paymentId = startPayment(code, channel);
        pay(channel, paymentId, "DELAY");
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(billStatus(code)).isEqualTo("PAID");
    }

    @Test
    void billPaidOnBothChannelsIsPaidOnceAndTheSecondIsADuplicate() {
        String code = issueFine(7000);
        String alipay = startPayment(code, "ALIPAY");
        String wechat = startPayment(code, "WECHAT_PAY");
        pay("ALIPAY", alipay, "NORMAL");
        awaitStatus(alipay, "SUCCEEDED");
        pay("WECHAT_PAY", wechat, "NORMAL");
        awaitStatus(wechat, "SUCCEEDED");
        given().get("/api/v1/payments/" + wechat).then().body("duplicate", equalTo(true));
        assertThat(billStatus(code)).isEqualTo("PAID");
        assertThat(Db.count("SELECT count(*) FROM duplicate_payment d JOIN payment_attempt a ON a.id = d.attempt_id"
                + " WHERE a.payment_id = $1 AND d.status = 'QUEUED_FOR_REFUND'", wechat)).isEqualTo(1);
        assertThat(Db.count("SELECT sum(credit_fen) FROM journal_line WHERE account = 'payer_refundable'"
                + " AND entry_id IN (SELECT id FROM journal_entry WHERE reference = $1)", code)).isEqualTo(7000);
        assertThat(Ledger.entriesFor(code)).isEqualTo(2);
    }

    @Test
    void concurrentCheckoutsMakeOneOpenAttempt() throws Exception {
        String code = issueFine(8000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return checkout(code, "ALIPAY").then().statusCode(201).extract().<String>path("paymentId");
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
        String code = UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders", Bills.fine(Bills.orderNo(), 10000,
                clock.today().minusDays(2))).then().statusCode(201).extract().path("paymentCode");
        checkout(code, "ALIPAY").then().statusCode(201)
                .body("principalFen", equalTo(10000)).body("lateFeeFen", equalTo(600))
                .body("amountFen", equalTo(10600));
    }

    @Test
    void cancelledBillIsNotPayable() {
        String code = issueFine(900);
        UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders/" + code + "/cancel", "{}").then().statusCode(200);
        checkout(code, "ALIPAY").then().statusCode(409).body("code", equalTo("ORDER_NOT_PAYABLE"));
        checkout("3301002699999999999" + io.govclear.order.PaymentCodes.luhnDigit("3301002699999999999"), "ALIPAY")
                .then().statusCode(404);
    }

    @Test
    void channelTheUnitDoesNotAcceptIsRefused() {
        String code = UnitApi.as("HZ-REALESTATE").post("/api/v1/orders", Bills.bill(Bills.orderNo(),
                        "[{\"itemCode\":\"REALESTATE-REG\"}]", clock.today().plusDays(3), null))
                .then().statusCode(201).extract().path("paymentCode");
        checkout(code, "UNIONPAY").then().statusCode(400).body("code", equalTo("CHANNEL_NOT_AVAILABLE"));
        checkout(code, "PAYPAL").then().statusCode(400);
    }

    @Test
    void expiredAttemptIsQueriedAndClosedAtTheChannel() {
        String code = issueFine(1100);
        String paymentId = startPayment(code, "ALIPAY");
        // the payer walks away: past its expiry the engine queries, closes it at the channel, then here
        clock.advance(Duration.ofMinutes(16));
        Db.execute("UPDATE payment_attempt SET next_query_at = now() - interval '1 day' WHERE payment_id = $1",
                paymentId);
        awaitStatus(paymentId, "CLOSED");
        assertThat(billStatus(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void successAfterCloseOnACancelledBillIsRecordedAsDuplicatePayment() {
        String code = issueFine(1200);
        String paymentId = startPayment(code, "WECHAT_PAY");
        // we had given the attempt up and the unit cancelled the bill; then the payer's money arrives anyway
        Db.execute("UPDATE payment_attempt SET status = 'CLOSED' WHERE payment_id = $1", paymentId);
        UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders/" + code + "/cancel", "{}").then().statusCode(200);
        pay("WECHAT_PAY", paymentId, "NORMAL");
        awaitStatus(paymentId, "SUCCEEDED");
        given().get("/api/v1/payments/" + paymentId).then().body("duplicate", equalTo(true));
        assertThat(billStatus(code)).isEqualTo("CANCELLED");
        assertThat(Db.count("SELECT count(*) FROM duplicate_payment d JOIN payment_attempt a ON a.id = d.attempt_id"
                + " WHERE a.payment_id = $1", paymentId)).isEqualTo(1);
    }

    @Test
    void lateSuccessOfAClosedAttemptStillPaysAnUnpaidBill() {
        String code = issueFine(1300);
        String paymentId = startPayment(code, "ALIPAY");
        Db.execute("UPDATE payment_attempt SET status = 'CLOSED' WHERE payment_id = $1", paymentId);
        pay("ALIPAY", paymentId, "NORMAL");
        awaitStatus(paymentId, "SUCCEEDED");
        assertThat(billStatus(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }
}
