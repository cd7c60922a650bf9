package io.govclear.reminder;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Jobs;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bills past their payable-until date expire only after their open attempts are ended at the channel. The payment
 * compensation job is paused, so whatever queries and closes the trade here is the expiry pass. The day ends while
 * the payer's attempt is still open: the bill's dates are moved back a day in the database (the attempt and the
 * channel's trade keep their own clock).
 */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class ExpiryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Inject
    Jobs jobs;

    @BeforeEach
    void pauseCompensation() {
        jobs.pause("payment-compensation");
    }

    @AfterEach
    void balanced() {
        jobs.resume("payment-compensation");
        clock.reset();
        Ledger.assertBalanced();
    }

    @Test
    void anOpenAttemptIsQueriedAndClosedAtTheChannelThenTheBillExpires() {
        String code = issue();
        String paymentId = Payments.start(code, "ALIPAY");
        // the payer scans the code (only then does Alipay have the trade to close) and walks away
        given().get(sim("/sim/alipay/pay/" + paymentId)).then().statusCode(200);
        String idle = issue();
        dayEnds(code);
        dayEnds(idle);

        CompletableFuture<Response> one = CompletableFuture.supplyAsync(ExpiryTest::runExpiry);
        CompletableFuture<Response> two = CompletableFuture.supplyAsync(ExpiryTest::runExpiry);
        one.join().then().statusCode(200);
        two.join().then().statusCode(200);

        bill(code).then().body("status", equalTo("EXPIRED")).body("payable", equalTo(false));
        bill(idle).then().body("status", equalTo("EXPIRED"));
        given().get("/api/v1/payments/" + paymentId).then().body("status", equalTo("CLOSED"));
        // closed at the channel first: the payer can no longer pay there
        assertThat(Db.count("SELECT count(*) FROM attempt_status_change c JOIN payment_attempt a"
                + " ON a.id = c.attempt_id WHERE a.payment_id = $1 AND c.to_status = 'CLOSED' AND c.source = 'CLOSE'"
                + " AND c.detail = 'bill expired'", paymentId)).isEqualTo(1);
        given().contentType("application/json").body("{\"outcome\":\"SUCCESS\",\"notify\":\"NORMAL\"}")
                .post(sim("/sim/alipay/orders/" + paymentId + "/pay")).then().statusCode(409);
        // once, audited, and announced to the unit
        assertThat(Db.count("SELECT count(*) FROM order_status_change c JOIN payment_order o ON o.id = c.order_id"
                + " WHERE o.payment_code = $1 AND c.to_status = 'EXPIRED'", code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_id = $1 AND action = 'ORDER_EXPIRED'"
                + " AND actor_type = 'SCHEDULER'", code)).isEqualTo(1);
        await().atMost(WAIT).until(() -> given().get(sim("/sim/webhook-receiver/HZ-REALESTATE")).then().extract()
                .jsonPath().getList("findAll { it.paymentCode == '" + code + "' && it.answered == 204 }.type")
                .contains("order.expired"));
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void aPaymentTheChannelTookIsAppliedInsteadOfExpiring() {
        String code = issue();
        String paymentId = Payments.start(code, "ALIPAY");
        Payments.pay("ALIPAY", paymentId, "DROP");
        dayEnds(code);

        runExpiry().then().statusCode(200).body("ran", equalTo(true));
        bill(code).then().body("status", equalTo("PAID"));
        given().get("/api/v1/payments/" + paymentId).then().body("status", equalTo("SUCCEEDED"));
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM order_status_change c JOIN payment_order o ON o.id = c.order_id"
                + " WHERE o.payment_code = $1 AND c.to_status = 'EXPIRED'", code)).isZero();
        // a second pass leaves the paid bill alone
        runExpiry().then().statusCode(200);
        bill(code).then().body("status", equalTo("PAID"));
    }

    /** A registration fee due and payable until today. */
    private String issue() {
        return Bills.issue("HZ-REALESTATE", "[{\"itemCode\":\"REALESTATE-REG\"}]", clock.today(), clock.today());
    }

    /** The bill's due and payable-until dates become yesterday. */
    private static void dayEnds(String code) {
        Db.execute("UPDATE payment_order SET due_date = due_date - 1, payable_until = payable_until - 1"
                + " WHERE payment_code = $1", code);
    }

    private static Response bill(String code) {
        return given().get("/api/v1/bills/" + code);
    }

    private static Response runExpiry() {
        return Staff.sendingJson("admin").post("/api/v1/expiry/run");
    }
}
