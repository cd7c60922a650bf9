package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.govclear.support.Console;
import io.govclear.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit log in the console: filtered, paged, exported (the export itself logged), append-only underneath. */
@QuarkusTest
class AuditLogPagesTest {

    @Test
    void anAuditorFiltersThePeoplesActionsAndExportsThem() {
        String user = Console.newUser("CLERK", "pw-clerk");
        for (int i = 0; i < 3; i++) {
            new Console().signIn(user, "wrong").then().statusCode(401);
        }
        Console.signedIn(user, "pw-clerk");
        Console auditor = Console.signedIn("auditor", "demo-auditor");
        String page = auditor.get("/console/audit?actor=" + user).then().statusCode(200).extract().asString();
        assertThat(page.split("SIGN_IN_FAILED", -1)).hasSize(4);
        assertThat(page).contains("SIGNED_IN").doesNotContain(">clerk<");
        auditor.get("/console/audit?actor=" + user + "&action=SIGNED_IN").then().statusCode(200)
                .body(not(containsString("SIGN_IN_FAILED")));

        byte[] csv = auditor.get("/console/audit.csv?actor=" + user).then().statusCode(200)
                .contentType("text/csv; charset=UTF-8").extract().asByteArray();
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        List<String> lines = Arrays.asList(new String(csv, StandardCharsets.UTF_8).substring(1).split("\n"));
        assertThat(lines.get(0)).isEqualTo("编号,时间,操作人类型,操作人,操作,对象类型,对象编号,详情");
        assertThat(lines).hasSize(1 + (int) Db.count("SELECT count(*) FROM audit_event WHERE actor = $1", user));
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.contains("," + user + ","));
        assertThat(Db.one("SELECT details->'filter'->>'actor' AS actor FROM audit_event"
                + " WHERE actor = 'auditor' AND action = 'AUDIT_LOG_EXPORTED' ORDER BY id DESC LIMIT 1")
                .getString("actor")).isEqualTo(user);
    }

    @Test
    void aBadFilterIsRefusedOnThePageAndAClerkSeesNoLog() {
        Console auditor = Console.signedIn("auditor", "demo-auditor");
        auditor.get("/console/audit?from=2026-13-01").then().statusCode(400).body(containsString("yyyy-MM-dd"));
        auditor.get("/console/audit?before=-1").then().statusCode(400);
        auditor.get("/console/audit.csv?to=yesterday").then().statusCode(400).contentType("application/problem+json");
        Console.signedIn("clerk", "demo-clerk").get("/console/audit").then().statusCode(403);
    }

    @Test
    void theLogRefusesUpdatesAndDeletes() {
        new Console().signIn("nobody-at-all", "x").then().statusCode(401);
        long id = Db.count("SELECT max(id) FROM audit_event");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Db.execute(
                "UPDATE audit_event SET actor = 'x' WHERE id = $1", id)).hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Db.execute(
                "DELETE FROM audit_event WHERE id = $1", id)).hasMessageContaining("append-only");
    }
}
