package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhooks page (/console/webhooks): each event with its sends and the receiver's answers, a UNIT_OFFICER's own
 * units only, a supervisor's reasoned redelivery (once while queued, audited).
 */
@QuarkusTest
class WebhookPagesTest {

    private static final String UNIT = "HZ-REALESTATE";

    @AfterEach
    void delivering() {
        Jobs.get().resume("webhook-delivery");
    }

    @Test
    void eventsAndAnswersAreShownAndASupervisorRedeliversOnce() {
        String code = Bills.issue(UNIT, "[{\"itemCode\":\"REALESTATE-REG\"}]");
        Bills.cancel(UNIT, code);
        String id = awaitDelivered(code);

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String page = clerk.get("/console/webhooks?unit=" + UNIT + "&status=DELIVERED").then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("data-test=\"nav-webhooks\"", "data-test=\"event-" + id + "\"",
                "data-test=\"send-" + id + "-1\"", "order.cancelled", "已送达").doesNotContain("data-test=\"redeliver-");
        clerk.post("/console/webhooks/" + id + "/redeliver", Map.of("reason", "x")).then().statusCode(403);
        assertThat(clerk.get("/console/webhooks?from=2026-02-30").then().statusCode(400).extract().asString())
                .contains("data-test=\"webhooks-error\"");

        // a unit officer sees their units' events only, and cannot redeliver another unit's
        Console officer = Console.signedIn("officer", "demo-officer");
        assertThat(officer.get("/console/webhooks").then().statusCode(200).extract().asString())
                .doesNotContain("data-test=\"event-" + id + "\"");
        officer.post("/console/webhooks/" + id + "/redeliver", Map.of("reason", "x")).then().statusCode(404);

        String name = Console.newUser("SUPERVISOR", "pw-webhooks");
        Console supervisor = Console.enrolledAndSignedIn(name, "pw-webhooks");
        assertThat(supervisor.get("/console/webhooks?unit=" + UNIT).then().statusCode(200).extract().asString())
                .contains("data-test=\"redeliver-" + id + "\"");
        Jobs.get().pause("webhook-delivery");
        supervisor.post("/console/webhooks/" + id + "/redeliver?unit=" + UNIT, Map.of()).then().statusCode(400);
        String done = supervisor.post("/console/webhooks/" + id + "/redeliver?unit=" + UNIT,
                Map.of("reason", "单位系统升级期间漏收")).then().statusCode(200).extract().asString();
        assertThat(done).contains("data-test=\"webhooks-notice\"").contains("排队中")
                .doesNotContain("data-test=\"redeliver-" + id + "\"");
        assertThat(supervisor.post("/console/webhooks/" + id + "/redeliver?unit=" + UNIT, Map.of("reason", "再推"))
                .then().statusCode(409).extract().asString()).contains("data-test=\"webhooks-error\"")
                .contains("queued already");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'WEBHOOK_REDELIVERED' AND subject_id = $1"
                + " AND actor = $2", id, name)).isEqualTo(1);
        Jobs.get().resume("webhook-delivery");
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("SELECT count(*) FROM webhook_delivery d"
                + " JOIN webhook_event e ON e.id = d.event_id WHERE e.event_id = $1::uuid AND d.status_code = 204",
                id) == 2);
    }

    private static String awaitDelivered(String code) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("SELECT count(*) FROM webhook_event e"
                + " JOIN payment_order o ON o.id = e.order_id WHERE o.payment_code = $1 AND e.status = 'DELIVERED'",
                code) == 1);
        return Db.one("SELECT e.event_id::text FROM webhook_event e JOIN payment_order o ON o.id = e.order_id"
                + " WHERE o.payment_code = $1", code).getString(0);
    }
}
