package io.govclear.webhook;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.order.OrderStatus;
import io.govclear.order.repository.OrderRepository;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed webhooks end to end: bills change status through the API and the channel simulator, the outbox sends to the
 * demo receiver (this instance, /sim/webhook-receiver), the unit reads its deliveries through the signed API.
 */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class WebhookTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestClock clock;

    @Inject
    OrderRepository orders;

    @AfterEach
    void balanced() {
        failNext("HZ-REALESTATE", 0);
        failNext("ZJU", 0);
        clock.reset();
        Ledger.assertBalanced();
    }

    @Test
    void aReceiverVerifiesTheSignatureByTheDocumentedRuleAlone() throws Exception {
        String code = cancelledBill("ZJ-EXAM", "[{\"itemCode\":\"EXAM-CIVIL\"}]");
        Map<String, Object> got = awaitReceived("ZJ-EXAM", code, 204).get(0);
        String body = (String) got.get("body");
        String header = (String) got.get("signature");

        // what a unit does, with nothing but the JDK and its secret: t=<unix>,v1=Base64(HMAC-SHA256(t + "\n" + body))
        String t = header.split(",")[0].substring(2);
        String v1 = header.split(",")[1].substring(3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("demo-secret-ZJ-EXAM".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((t + "\n" + body).getBytes(StandardCharsets.UTF_8)));
        assertThat(v1).isEqualTo(expected);
        assertThat(Math.abs(Long.parseLong(t) - clock.instant().getEpochSecond())).isLessThan(60);
        // another unit's secret, or one changed byte, does not verify
        byte[] secret = "demo-secret-ZJ-EXAM".getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        assertThat(WebhookSignature.verify(secret, header, body, now, 300)).isTrue();
        assertThat(WebhookSignature.verify(secret, header, body.replace("CANCELLED", "PAID"), now, 300)).isFalse();
        assertThat(WebhookSignature.verify("demo-secret-ZJU".getBytes(StandardCharsets.UTF_8), header, body, now,
                300)).isFalse();
        assertThat(WebhookSignature.verify(secret, header, body, now + 301, 300)).isFalse();

        JsonPath event = JsonPath.from(body);
        assertThat(event.getString("type")).isEqualTo("order.cancelled");
        assertThat(event.getString("status")).isEqualTo("CANCELLED");
        assertThat(event.getString("paymentCode")).isEqualTo(code);
        assertThat(event.getString("unitCode")).isEqualTo("ZJ-EXAM");
        assertThat(event.getLong("amounts.principalFen")).isEqualTo(10_000L);
        assertThat(event.getString("eventId")).isEqualTo(got.get("eventId"));
        // no personal data: not the payer's name, ID number or phone, not even masked
        assertThat(body).doesNotContain("张", Bills.ID_NUMBER, Bills.PHONE, "1234", "8000");
    }

    @Test
    void aPaidBillIsAnnouncedWithWhatWasPaid() {
        String code = Bills.issue("HZ-REALESTATE", "[{\"itemCode\":\"REALESTATE-REG\"}]");
        Payments.payBill(code, "ALIPAY");
        JsonPath event = JsonPath.from((String) awaitReceived("HZ-REALESTATE", code, 204).get(0).get("body"));
        assertThat(event.getString("type")).isEqualTo("order.paid");
        assertThat(event.getLong("amounts.paidFen")).isEqualTo(8_000L);
        assertThat(event.getLong("amounts.lateFeeFen")).isZero();
        assertThat(event.getString("amounts.channel")).isEqualTo("ALIPAY");
        assertThat(event.getString("amounts.paidAt")).isNotNull();
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAnswers() {
        failNext("HZ-REALESTATE", 2);
        String code = cancelledBill("HZ-REALESTATE", "[{\"itemCode\":\"REALESTATE-REG\"}]");
        Map<String, Object> delivery = awaitDelivery("HZ-REALESTATE", code, "DELIVERED");
        assertThat(delivery.get("attempts")).isEqualTo(3);
        List<Map<String, Object>> sends = sends(delivery);
        assertThat(sends).extracting(s -> s.get("statusCode")).containsExactly(500, 500, 204);
        assertThat(sends).allSatisfy(s -> assertThat((Integer) s.get("durationMs")).isNotNegative());
        assertThat(sends.get(0).get("error")).isNull();
        // the same event (same id and body) every time, a fresh signature each time
        List<Map<String, Object>> received = awaitReceived("HZ-REALESTATE", code, 204);
        List<Map<String, Object>> all = receivedFor("HZ-REALESTATE", code);
        assertThat(all).hasSize(3);
        assertThat(all).extracting(r -> r.get("eventId")).containsOnly(delivery.get("id"));
        assertThat(all).extracting(r -> r.get("body")).containsOnly(received.get(0).get("body"));
        // the backoff was respected: one second between sends in tests
        assertThat(Duration.between(java.time.OffsetDateTime.parse((String) sends.get(0).get("attemptedAt")),
                java.time.OffsetDateTime.parse((String) sends.get(1).get("attemptedAt")))).isPositive();
    }

    @Test
    void anEventIsGivenUpAfterTheLastRetryAndCanBeSentAgainByHand() {
        failNext("HZ-REALESTATE", 1000);
        String code = cancelledBill("HZ-REALESTATE", "[{\"itemCode\":\"REALESTATE-REG\"}]");
        Map<String, Object> failed = awaitDelivery("HZ-REALESTATE", code, "FAILED");
        // the first send and six retries (test backoff 1s × 6)
        assertThat(failed.get("attempts")).isEqualTo(7);
        assertThat(failed.get("nextAttemptAt")).isNull();
        failNext("HZ-REALESTATE", 0);

        String id = (String) failed.get("id");
        UnitApi.as("ZJU").post("/api/v1/webhook-deliveries/" + id + "/resend", "").then().statusCode(404);
        UnitApi.as("HZ-REALESTATE").post("/api/v1/webhook-deliveries/" + id + "/resend", "").then().statusCode(200)
                .body("status", equalTo("PENDING"));
        Map<String, Object> delivered = awaitDelivery("HZ-REALESTATE", code, "DELIVERED");
        assertThat(delivered.get("attempts")).isEqualTo(8);
        assertThat(sends(delivered).get(7).get("statusCode")).isEqualTo(204);
        // a re-send of a delivered event sends it once more
        UnitApi.as("HZ-REALESTATE").post("/api/v1/webhook-deliveries/" + id + "/resend", "").then().statusCode(200);
        await().atMost(WAIT).until(() -> receivedFor("HZ-REALESTATE", code).stream()
                .filter(r -> r.get("answered").equals(204)).count() == 2);
    }

    @Test
    void anEventWhoseBillHasMovedOnIsDroppedAsStale() {
        failNext("ZJU", 1000);
        String code = Bills.issue("ZJU", "[{\"itemCode\":\"ACCOM-UG\"}]");
        Payments.payBill(code, "ALIPAY");
        await().atMost(WAIT).until(() -> receivedFor("ZJU", code).size() >= 1);
        // what a full refund does to the bill (the refund itself is another feature): PAID → REFUNDED
        Row bill = Db.one("SELECT id FROM payment_order WHERE payment_code = $1", code);
        assertThat(orders.transition(Db.pool(), bill.getLong("id"), code, OrderStatus.PAID, OrderStatus.REFUNDED,
                "test: refunded", clock.instant(), "TEST", "webhook-test", "ORDER_REFUNDED")
                .await().atMost(WAIT)).isTrue();
        failNext("ZJU", 0);

        Map<String, Object> refunded = awaitDelivery("ZJU", code, "DELIVERED");
        assertThat(refunded.get("type")).isEqualTo("order.refunded");
        Map<String, Object> paid = awaitDelivery("ZJU", code, "STALE");
        assertThat(paid.get("type")).isEqualTo("order.paid");
        int sendsWhenStale = sends(paid).size();
        assertThat(sends(paid)).extracting(s -> s.get("statusCode")).containsOnly(500);
        assertThat(receivedFor("ZJU", code)).filteredOn(r -> r.get("answered").equals(204))
                .extracting(r -> r.get("type")).containsExactly("order.refunded");
        // a re-send asked for a stale event is judged again: still stale, not sent
        UnitApi.as("ZJU").post("/api/v1/webhook-deliveries/" + paid.get("id") + "/resend", "").then().statusCode(200);
        await().atMost(WAIT).until(() -> "STALE".equals(delivery("ZJU", code, "order.paid").get("status")));
        assertThat(sends(delivery("ZJU", code, "order.paid"))).hasSize(sendsWhenStale);
    }

    @Test
    void aUnitSeesOnlyItsOwnDeliveries() {
        String mine = cancelledBill("ZJ-EXAM", "[{\"itemCode\":\"EXAM-CIVIL\"}]");
        String theirs = cancelledBill("HZ-REALESTATE", "[{\"itemCode\":\"REALESTATE-REG\"}]");
        awaitDelivery("ZJ-EXAM", mine, "DELIVERED");
        awaitDelivery("HZ-REALESTATE", theirs, "DELIVERED");
        List<String> codes = UnitApi.as("ZJ-EXAM").get("/api/v1/webhook-deliveries?size=200").then().statusCode(200)
                .extract().path("items.paymentCode");
        assertThat(codes).contains(mine).doesNotContain(theirs);
        long others = Db.count("SELECT count(*) FROM webhook_event e JOIN collecting_unit u ON u.id = e.unit_id"
                + " WHERE u.code <> 'ZJ-EXAM'");
        assertThat(others).isPositive();
        UnitApi.as("ZJ-EXAM").get("/api/v1/webhook-deliveries?status=DELIVERED&size=200").then().statusCode(200)
                .body("items.status.unique()", equalTo(List.of("DELIVERED")));
        UnitApi.as("ZJ-EXAM").get("/api/v1/webhook-deliveries?status=SENT").then().statusCode(400);
        UnitApi.as("ZJ-EXAM").get("/api/v1/webhook-deliveries?size=0").then().statusCode(400);
        given().get("/api/v1/webhook-deliveries").then().statusCode(401);
    }

    @Test
    void aUnitWithoutWebhookUrlGetsNoEvents() {
        Db.execute("UPDATE collecting_unit SET webhook_url = NULL WHERE code = 'ZJ-EXAM'");
        try {
            String code = cancelledBill("ZJ-EXAM", "[{\"itemCode\":\"EXAM-CIVIL\"}]");
            assertThat(Db.count("SELECT count(*) FROM order_status_change c JOIN payment_order o ON o.id = c.order_id"
                    + " WHERE o.payment_code = $1", code)).isEqualTo(1);
            assertThat(Db.count("SELECT count(*) FROM webhook_event e JOIN payment_order o ON o.id = e.order_id"
                    + " WHERE o.payment_code = $1", code)).isZero();
        } finally {
            Db.execute("UPDATE collecting_unit SET webhook_url = $1 WHERE code = 'ZJ-EXAM'",
                    Db.one("SELECT webhook_url FROM collecting_unit WHERE code = 'ZJU'").getString(0)
                            .replace("/ZJU", "/ZJ-EXAM"));
        }
    }

    // --- helpers ---

    /** A bill of the unit, issued and cancelled: its webhook announces the cancellation. */
    private static String cancelledBill(String unit, String lines) {
        String code = Bills.issue(unit, lines);
        Bills.cancel(unit, code);
        return code;
    }

    static void failNext(String unit, int times) {
        given().post(sim("/sim/webhook-receiver/" + unit + "/fail?times=" + times)).then().statusCode(204);
    }

    static List<Map<String, Object>> receivedFor(String unit, String code) {
        List<Map<String, Object>> all = given().get(sim("/sim/webhook-receiver/" + unit)).then().statusCode(200)
                .extract().path("");
        return all.stream().filter(r -> code.equals(r.get("paymentCode"))).toList();
    }

    private static List<Map<String, Object>> awaitReceived(String unit, String code, int answered) {
        await().atMost(WAIT).until(() -> receivedFor(unit, code).stream()
                .anyMatch(r -> r.get("answered").equals(answered)));
        List<Map<String, Object>> got = receivedFor(unit, code).stream()
                .filter(r -> r.get("answered").equals(answered)).toList();
        assertThat(got).allSatisfy(r -> assertThat(r.get("verified")).isEqualTo(true));
        return got;
    }

    private static Map<String, Object> delivery(String unit, String code, String type) {
        List<Map<String, Object>> items = UnitApi.as(unit).get("/api/v1/webhook-deliveries?size=200").then()
                .statusCode(200).extract().path("items");
        return items.stream().filter(i -> code.equals(i.get("paymentCode")) && type.equals(i.get("type")))
                .findFirst().orElse(Map.of());
    }

    private static Map<String, Object> awaitDelivery(String unit, String code, String status) {
        await().atMost(WAIT).until(() -> findByStatus(unit, code, status) != null);
        return findByStatus(unit, code, status);
    }

    private static Map<String, Object> findByStatus(String unit, String code, String status) {
        List<Map<String, Object>> items = UnitApi.as(unit).get("/api/v1/webhook-deliveries?status=" + status
                + "&size=200").then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> code.equals(i.get("paymentCode"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sends(Map<String, Object> delivery) {
        return (List<Map<String, Object>>) delivery.get("sends");
    }
}
