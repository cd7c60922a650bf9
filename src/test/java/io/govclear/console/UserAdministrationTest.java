package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.govclear.support.Console;
import io.govclear.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ADMINs administer staff users in the console; every change is reasoned and audited, none on one's own account. */
@QuarkusTest
class UserAdministrationTest {

    private static final Pattern PASSWORD = Pattern.compile("data-test=\"initial-password\">([A-Za-z0-9]{16})<");

    @Test
    void onlyAnAdminSeesTheUsers() {
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        clerk.get("/console/users").then().statusCode(403);
        Console officer = Console.signedIn("officer", "demo-officer");
        officer.get("/console/users").then().statusCode(403);
        officer.post("/console/users", Map.of("username", "sneaky", "displayName", "x", "roles", "ADMIN",
                "reason", "because")).then().statusCode(403);
        assertThat(Db.count("SELECT count(*) FROM staff_user WHERE username = 'sneaky'")).isZero();
    }

    @Test
    void anAdminCreatesAUnitOfficerWhoSeesOnlyTheirUnitAndSignsInWithTheInitialPassword() {
        Console admin = Console.enrolledAndSignedIn(Console.newUser("ADMIN", "pw-admin"), "pw-admin");
        String username = "officer" + System.nanoTime() % 100000;
        String page = admin.post("/console/users", Map.of("username", username, "displayName", "新科员",
                        "roles", "UNIT_OFFICER", "units", "HZ-TRAFFIC", "reason", "交警支队新入职"))
                .then().statusCode(200).extract().asString();
        Matcher password = PASSWORD.matcher(page);
        assertThat(password.find()).isTrue();
        assertThat(Db.one("SELECT details->>'reason' AS reason FROM audit_event WHERE action = 'STAFF_USER_CREATED'"
                + " AND subject_id = $1", username).getString("reason")).isEqualTo("交警支队新入职");
        // the initial password is in no table, and no log would have it
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE details::text LIKE '%' || $1 || '%'",
                password.group(1))).isZero();

        Console officer = Console.signedIn(username, password.group(1));
        officer.get("/console").then().statusCode(200).body(containsString("HZ-TRAFFIC"));
    }

    @Test
    void aUnitOfficerNeedsAUnitThatExistsAndNothingIsWrittenWhenRefused() {
        Console admin = Console.enrolledAndSignedIn(Console.newUser("ADMIN", "pw-admin"), "pw-admin");
        long users = Db.count("SELECT count(*) FROM staff_user");
        admin.post("/console/users", Map.of("username", "nounit", "displayName", "x", "roles", "UNIT_OFFICER",
                "reason", "r")).then().statusCode(400).body(containsString("at least one unit"));
        admin.post("/console/users", Map.of("username", "badunit", "displayName", "x", "roles", "UNIT_OFFICER",
                "units", "NO-SUCH-UNIT", "reason", "r")).then().statusCode(400).body(containsString("NO-SUCH-UNIT"));
        admin.post("/console/users", Map.of("username", "noreason", "displayName", "x", "roles", "CLERK"))
                .then().statusCode(400);
        admin.post("/console/users", Map.of("username", "clerk", "displayName", "x", "roles", "CLERK",
                "reason", "again")).then().statusCode(409);
        assertThat(Db.count("SELECT count(*) FROM staff_user")).isEqualTo(users);
    }

    @Test
    void disablingAUserEndsTheirConsoleAtTheNextRequestAndNobodyChangesTheirOwnAccount() {
        String adminName = Console.newUser("ADMIN", "pw-admin");
        Console admin = Console.enrolledAndSignedIn(adminName, "pw-admin");
        String clerkName = Console.newUser("CLERK", "pw-clerk");
        Console clerk = Console.signedIn(clerkName, "pw-clerk");

        admin.post("/console/users/" + clerkName + "/status", Map.of("active", "false", "reason", "离职"))
                .then().statusCode(200).body(containsString("账户已停用"));
        assertThat(Console.location(clerk.get("/console"))).isEqualTo("/console/login");
        new Console().signIn(clerkName, "pw-clerk").then().statusCode(401);

        admin.post("/console/users/" + clerkName + "/access", Map.of("roles", "AUDITOR", "reason", "转岗"))
                .then().statusCode(200);
        admin.post("/console/users/" + clerkName + "/status", Map.of("active", "true", "reason", "返岗"))
                .then().statusCode(200);
        Console auditor = Console.signedIn(clerkName, "pw-clerk");
        auditor.get("/console/account").then().statusCode(200).body(containsString("AUDITOR"));

        admin.post("/console/users/" + adminName + "/access", Map.of("roles", "CLERK", "reason", "me"))
                .then().statusCode(403).body(containsString("Another admin"));
        admin.post("/console/users/" + adminName + "/status", Map.of("active", "false", "reason", "me"))
                .then().statusCode(403);
        assertThat(Db.one("SELECT roles FROM staff_user WHERE username = $1", adminName).getString("roles"))
                .isEqualTo("ADMIN");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE actor = $1 AND action IN"
                + " ('STAFF_USER_DISABLED', 'STAFF_USER_ENABLED', 'STAFF_USER_ACCESS_CHANGED')", adminName)).isEqualTo(3);
    }

    @Test
    void anAdminResetsASecondFactorAndTheUserEnrolsAgain() {
        Console admin = Console.enrolledAndSignedIn(Console.newUser("ADMIN", "pw-admin"), "pw-admin");
        String supervisor = Console.newUser("SUPERVISOR", "pw-sup");
        Console.enrolledAndSignedIn(supervisor, "pw-sup");
        admin.post("/console/users/" + supervisor + "/second-factor/reset", Map.of("reason", "手机丢失"))
                .then().statusCode(200).body(containsString("二次验证已重置"));
        assertThat(Db.count("SELECT count(*) FROM staff_recovery_code WHERE username = $1", supervisor)).isZero();
        Console.enrolledAndSignedIn(supervisor, "pw-sup");
    }
}
