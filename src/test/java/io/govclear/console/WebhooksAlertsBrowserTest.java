package io.govclear.console;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govclear.alert.AlertEvaluator;
import io.govclear.security.Totp;
import io.govclear.support.Bills;
import io.govclear.support.Browser;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhooks and alerts pages in a real browser (Debian's Chromium, headless): a supervisor reads an event's sends
 * and the receiver's answers, redelivers it with a reason and sees the new send; then acknowledges an alert with a
 * note. Each page is saved under target/screenshots.
 */
@QuarkusTest
class WebhooksAlertsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String UNIT = "HZ-REALESTATE";

    @Inject AlertEvaluator evaluator;
    @Inject TestClock clock;

    @AfterEach
    void receiverAnswers() {
        failNext(0);
    }

    @Test
    void aSupervisorRedeliversAnEventAndAcknowledgesAnAlert() {
        // an event the unit's receiver refused once, then took
        failNext(1);
        String code = Bills.issue(UNIT, "[{\"itemCode\":\"REALESTATE-REG\"}]");
        Bills.cancel(UNIT, code);
        await().atMost(WAIT).until(() -> sends(code, 204) == 1);
        String id = Db.one("SELECT e.event_id::text FROM webhook_event e JOIN payment_order o ON o.id = e.order_id"
                + " WHERE o.payment_code = $1", code).getString(0);
        // an alert: someone's repeated wrong passwords
        String user = Console.newUser("CLERK", "pw-right");
        for (int i = 0; i < 6; i++) {
            Staff.withPassword(user, "pw-wrong").get("/api/v1/alerts").then().statusCode(401);
        }
        evaluator.evaluate().await().atMost(WAIT);
        long alert = Db.count("SELECT id FROM alert WHERE fingerprint = $1 AND resolved_at IS NULL",
                "SIGN_IN_FAILURES|" + user + "|USER");

        String supervisor = Console.newUser("SUPERVISOR", "pw-sup-wa");
        try (Browser browser = Browser.open()) {
            browser.go("/console/login").type("username", supervisor).type("password", "pw-sup-wa").click("sign-in");
            browser.at("/console/login/second-factor");
            byte[] secret = Base32.decode(browser.testId("totp-secret").getText());
            browser.type("code", Totp.code(secret, Totp.step(clock.instant()))).click("enrol").click("continue")
                    .at("/console");
            assertThat(browser.testId("open-alerts").getText()).matches("[1-9][0-9]*");

            browser.click("nav-webhooks").at("/console/webhooks");
            browser.go("/console/webhooks?unit=" + UNIT).click("open-" + id);
            assertThat(browser.testId("send-" + id + "-1").getText()).contains("500")
                    .contains("simulated failure: told to fail");
            assertThat(browser.testId("send-" + id + "-2").getText()).contains("204");
            browser.screenshot("webhooks");
            browser.type("reason-" + id, "单位称未收到，请重新推送").click("redeliver-" + id);
            assertThat(browser.testId("webhooks-notice").getText()).contains(id);
            browser.screenshot("webhooks-redelivered");
            await().atMost(WAIT).until(() -> sends(code, 204) == 2);
            browser.go("/console/webhooks?unit=" + UNIT).click("open-" + id);
            assertThat(browser.testId("send-" + id + "-3").getText()).contains("204");
            assertThat(browser.testId("status-" + id).getText()).contains("已送达");
            browser.screenshot("webhooks-sent-again");

            browser.click("nav-alerts").at("/console/alerts");
            assertThat(browser.testId("alert-" + alert).getText()).contains("登录失败过多").contains(user);
            browser.screenshot("alerts");
            browser.type("note-" + alert, "已核实：该用户忘记密码，已重置").click("acknowledge-" + alert);
            assertThat(browser.testId("alerts-notice").getText()).contains(Long.toString(alert));
            browser.go("/console/alerts?status=acknowledged");
            assertThat(browser.testId("ack-" + alert).getText()).contains(supervisor).contains("已重置");
            browser.screenshot("alerts-acknowledged");
        }
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE actor = $1 AND action IN ('WEBHOOK_REDELIVERED',"
                + " 'ALERT_ACKNOWLEDGED')", supervisor)).isEqualTo(2);
    }

    private static long sends(String code, int status) {
        return Db.count("SELECT count(*) FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id"
                + " JOIN payment_order o ON o.id = e.order_id WHERE o.payment_code = $1 AND d.status_code = $2",
                code, status);
    }

    private static void failNext(int times) {
        given().post(sim("/sim/webhook-receiver/" + UNIT + "/fail?times=" + times)).then().statusCode(204);
    }
}
