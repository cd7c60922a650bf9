package io.govclear.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Jobs;
import io.govclear.support.Staff;
import io.govclear.support.UnitApi;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook events for finance staff (/api/v1/webhooks/events): every send with the receiver's answer, filters, a
 * UNIT_OFFICER's own units only, and a redelivery by hand — reasoned, audited, refused while queued, sent again by
 * the delivery job with a fresh signature.
 */
@QuarkusTest
class WebhookEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String UNIT = "HZ-REALESTATE";

    @AfterEach
    void receiverAnswers() {
        WebhookTest.failNext(UNIT, 0);
        Jobs.get().resume("webhook-delivery");
    }

    @Test
    void everySendIsKeptWithTheReceiversAnswer() {
        WebhookTest.failNext(UNIT, 2);
        String code = cancelledBill(UNIT, "[{\"itemCode\":\"REALESTATE-REG\"}]");
        JsonPath event = awaitEvent(code, "DELIVERED");
        assertThat(event.getString("unitCode")).isEqualTo(UNIT);
        assertThat(event.getList("sends.statusCode")).containsExactly(500, 500, 204);
        assertThat(event.getList("sends.answer")).containsExactly("simulated failure: told to fail",
                "simulated failure: told to fail", null);
        assertThat(event.getList("sends.error")).containsOnlyNulls();
        assertThat(event.<Integer>getList("sends.durationMs")).allSatisfy(ms -> assertThat(ms).isNotNegative());
        assertThat(event.getList("sends.attemptedAt")).doesNotContainNull();

        // the event on its own, and the unit sees the same answers through its signed API
        Staff.as("auditor").get("/api/v1/webhooks/events/" + event.getString("id")).then().statusCode(200)
                .body("paymentCode", equalTo(code)).body("sends.size()", equalTo(3))
                .body("sends[0].answer", equalTo("simulated failure: told to fail"));
        List<String> answers = UnitApi.as(UNIT).get("/api/v1/webhook-deliveries?status=DELIVERED&size=200").then()
                .statusCode(200).extract().jsonPath().getList("items.find { it.paymentCode == '" + code
                        + "' }.sends.answer");
        assertThat(answers).containsExactly("simulated failure: told to fail", "simulated failure: told to fail",
                null);
    }

    @Test
    void theListIsFilteredByUnitStatusAndDayAndRefusesWhatItCannotRead() {
        String code = cancelledBill(UNIT, "[{\"itemCode\":\"REALESTATE-REG\"}]");
        awaitEvent(code, "DELIVERED");
        String today = Bills.today().toString();
        List<String> found = Staff.as("clerk").get("/api/v1/webhooks/events?unit=" + UNIT + "&status=DELIVERED&from="
                + today + "&to=" + today + "&size=200").then().statusCode(200).extract().path("items.paymentCode");
        assertThat(found).contains(code);
        assertThat(Staff.as("clerk").get("/api/v1/webhooks/events?unit=ZJU&size=200").then().statusCode(200)
                .extract().<List<String>>path("items.paymentCode")).doesNotContain(code);
        assertThat(Staff.as("clerk").get("/api/v1/webhooks/events?to=" + Bills.today().minusDays(1) + "&size=200")
                .then().statusCode(200).extract().<List<String>>path("items.paymentCode")).doesNotContain(code);
        // an unknown unit finds nothing rather than telling which units exist
        Staff.as("clerk").get("/api/v1/webhooks/events?unit=NOPE").then().statusCode(200).body("total", equalTo(0));
        for (String bad : List.of("status=SENT", "from=2026-13-01", "to=yesterday", "from=" + today + "&to="
                + Bills.today().minusDays(1), "size=0", "page=-1")) {
            Staff.as("clerk").get("/api/v1/webhooks/events?" + bad).then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
        Staff.as("clerk").get("/api/v1/webhooks/events/not-an-id").then().statusCode(404)
                .body("code", equalTo("WEBHOOK_EVENT_NOT_FOUND"));
        Staff.as("clerk").get("/api/v1/webhooks/events/00000000-0000-0000-0000-000000000000").then().statusCode(404);
        given().get("/api/v1/webhooks/events").then().statusCode(401);
        UnitApi.as(UNIT).get("/api/v1/webhooks/events").then().statusCode(403);
    }

    @Test
    void aUnitOfficerSeesAndRedeliversTheirOwnUnitsEventsOnly() {
        String theirs = cancelledBill(UNIT, "[{\"itemCode\":\"REALESTATE-REG\"}]");
        String own = cancelledBill(Bills.TRAFFIC, "[{\"itemCode\":\"FINE-TRAFFIC\",\"amountFen\":5000}]");
        String theirId = awaitEvent(theirs, "DELIVERED").getString("id");
        String ownId = awaitEvent(own, "DELIVERED").getString("id");

        List<String> units = Staff.as("officer").get("/api/v1/webhooks/events?size=200").then().statusCode(200)
                .extract().path("items.unitCode");
        assertThat(units).isNotEmpty().containsOnly(Bills.TRAFFIC);
        Staff.as("officer").get("/api/v1/webhooks/events?unit=" + UNIT).then().statusCode(200)
                .body("total", equalTo(0));
        Staff.as("officer").get("/api/v1/webhooks/events/" + theirId).then().statusCode(404);
        Db.assertNothingChangedBy(() -> Staff.sendingJson("officer").body("{\"reason\":\"单位系统漏收\"}")
                .post("/api/v1/webhooks/events/" + theirId + "/redeliver").then().statusCode(404)
                .body("code", equalTo("WEBHOOK_EVENT_NOT_FOUND")));
        Staff.sendingJson("officer").body("{\"reason\":\"单位系统漏收\"}")
                .post("/api/v1/webhooks/events/" + ownId + "/redeliver").then().statusCode(200)
                .body("status", equalTo("PENDING"));
        await().atMost(WAIT).until(() -> event(ownId).getInt("attempts") == 2);
    }

    @Test
    void aRedeliveryIsReasonedAuditedOnceWhileQueuedAndSentAgainSigned() {
        String code = cancelledBill(UNIT, "[{\"itemCode\":\"REALESTATE-REG\"}]");
        String id = awaitEvent(code, "DELIVERED").getString("id");
        String path = "/api/v1/webhooks/events/" + id + "/redeliver";
        // who may: a supervisor (or the unit's officer); a clerk or an auditor may not
        Staff.sendingJson("clerk").body("{\"reason\":\"x\"}").post(path).then().statusCode(403);
        Staff.sendingJson("auditor").body("{\"reason\":\"x\"}").post(path).then().statusCode(403);
        Db.assertNothingChangedBy(() -> {
            Staff.sendingJson("supervisor").body("{}").post(path).then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"));
            Staff.sendingJson("supervisor").body("{\"reason\":\"  \"}").post(path).then().statusCode(400);
            Staff.sendingJson("supervisor").body("{\"reason\":\"x\",\"now\":true}").post(path).then().statusCode(400)
                    .body("code", equalTo("UNKNOWN_FIELD"));
            Staff.sendingJson("supervisor").post(path).then().statusCode(400).body("code", equalTo("BODY_REQUIRED"));
            Staff.as("supervisor").contentType("text/plain").body("reason").post(path).then().statusCode(415);
        });

        Jobs.get().pause("webhook-delivery");
        Staff.sendingJson("supervisor").body("{\"reason\":\"单位称未收到\"}").post(path).then().statusCode(200)
                .body("status", equalTo("PENDING")).body("id", equalTo(id));
        // queued: a second redelivery is refused with its code, and changes nothing
        Db.assertNothingChangedBy(() -> Staff.sendingJson("supervisor").body("{\"reason\":\"再推一次\"}").post(path)
                .then().statusCode(409).body("code", equalTo("WEBHOOK_EVENT_QUEUED")));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'WEBHOOK_REDELIVERED'"
                + " AND subject_id = $1 AND actor = 'supervisor' AND details->>'reason' = '单位称未收到'"
                + " AND details->>'previousStatus' = 'DELIVERED'", id)).isEqualTo(1);

        // the delivery job sends it again: the same event and body, a fresh signature that verifies
        Jobs.get().resume("webhook-delivery");
        await().atMost(WAIT).until(() -> WebhookTest.receivedFor(UNIT, code).stream()
                .filter(r -> r.get("answered").equals(204)).count() == 2);
        List<Map<String, Object>> received = WebhookTest.receivedFor(UNIT, code);
        assertThat(received).allSatisfy(r -> assertThat(r.get("verified")).isEqualTo(true));
        assertThat(received).extracting(r -> r.get("body")).containsOnly(received.get(0).get("body"));
        assertThat(received).extracting(r -> r.get("eventId")).containsOnly(id);
        JsonPath after = awaitEvent(code, "DELIVERED");
        assertThat(after.getInt("attempts")).isEqualTo(2);
        assertThat(after.getList("sends.statusCode")).containsExactly(204, 204);
    }

    // --- helpers ---

    private static String cancelledBill(String unit, String lines) {
        String code = Bills.issue(unit, lines);
        Bills.cancel(unit, code);
        return code;
    }

    /** The bill's event once it has this status, as the staff API shows it. */
    private static JsonPath awaitEvent(String paymentCode, String status) {
        await().atMost(WAIT).until(() -> find(paymentCode, status) != null);
        return event(find(paymentCode, status));
    }

    private static String find(String paymentCode, String status) {
        List<Map<String, Object>> items = Staff.as("clerk").get("/api/v1/webhooks/events?status=" + status
                + "&size=200").then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> paymentCode.equals(i.get("paymentCode"))).map(i -> (String) i.get("id"))
                .findFirst().orElse(null);
    }

    private static JsonPath event(String id) {
        return Staff.as("clerk").get("/api/v1/webhooks/events/" + id).then().statusCode(200).extract().jsonPath();
    }
}
