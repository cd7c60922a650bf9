package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.alert.AlertEvaluator;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Staff;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alerts page (/console/alerts): the open alerts, their count on the dashboard, a supervisor's note, once. */
@QuarkusTest
class AlertPagesTest {

    @Inject AlertEvaluator evaluator;

    @Test
    void anAlertIsListedCountedAndAcknowledgedOnceInTheConsole() {
        String user = Console.newUser("CLERK", "pw-right");
        for (int i = 0; i < 6; i++) {
            Staff.withPassword(user, "pw-wrong").get("/api/v1/alerts").then().statusCode(401);
        }
        evaluator.evaluate().await().atMost(Duration.ofSeconds(30));
        long id = Db.count("SELECT id FROM alert WHERE fingerprint = $1 AND resolved_at IS NULL",
                "SIGN_IN_FAILURES|" + user + "|USER");

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String dashboard = clerk.get("/console").then().statusCode(200).extract().asString();
        assertThat(dashboard).contains("data-test=\"nav-alerts\"").contains("data-test=\"open-alerts\"");
        assertThat(Long.parseLong(dashboard.replaceAll("(?s).*data-test=\"open-alerts\">([0-9]+)<.*", "$1")))
                .as("alerts waiting for an acknowledgement, this one among them").isPositive();
        String page = clerk.get("/console/alerts").then().statusCode(200).extract().asString();
        assertThat(page).contains("data-test=\"alert-" + id + "\"", "登录失败过多", user, "仍在发生")
                .doesNotContain("data-test=\"acknowledge-" + id + "\"");
        clerk.post("/console/alerts/" + id + "/acknowledge", Map.of("note", "x")).then().statusCode(403);
        assertThat(clerk.get("/console/alerts?status=bogus").then().statusCode(400).extract().asString())
                .contains("data-test=\"alerts-error\"");
        Console officer = Console.signedIn("officer", "demo-officer");
        officer.get("/console/alerts").then().statusCode(403);
        assertThat(officer.get("/console").then().statusCode(200).extract().asString())
                .doesNotContain("data-test=\"nav-alerts\"").contains("data-test=\"nav-webhooks\"");

        String name = Console.newUser("SUPERVISOR", "pw-alerts");
        Console supervisor = Console.enrolledAndSignedIn(name, "pw-alerts");
        assertThat(supervisor.get("/console/alerts").then().statusCode(200).extract().asString())
                .contains("data-test=\"acknowledge-" + id + "\"");
        supervisor.post("/console/alerts/" + id + "/acknowledge", Map.of()).then().statusCode(400);
        String done = supervisor.post("/console/alerts/" + id + "/acknowledge?status=all",
                Map.of("note", "已核实：该用户忘记密码，已重置")).then().statusCode(200).extract().asString();
        assertThat(done).contains("data-test=\"alerts-notice\"").contains(name + " 于")
                .contains("已核实：该用户忘记密码，已重置");
        assertThat(supervisor.post("/console/alerts/" + id + "/acknowledge", Map.of("note", "再确认")).then()
                .statusCode(409).extract().asString()).contains("acknowledged by " + name);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ALERT_ACKNOWLEDGED' AND actor = $1"
                + " AND subject_id = $2", name, Long.toString(id))).isEqualTo(1);
        assertThat(supervisor.get("/console/alerts").then().statusCode(200).extract().asString())
                .doesNotContain("data-test=\"alert-" + id + "\"");
    }
}
