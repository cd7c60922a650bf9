package io.govclear.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.security.Digests;
import io.govclear.security.Totp;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.enterprise.inject.spi.CDI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;

/** Signing in to the console: form, session cookie, CSRF, lockout, the second factor and its recovery codes. */
@QuarkusTest
class ConsoleSignInTest {

    private static final Pattern SECRET = Pattern.compile("data-test=\"totp-secret\">([A-Z2-7]+)<");
    private static final Pattern CODE = Pattern.compile("<li><code>([a-z0-9]{4}-[a-z0-9]{4})</code></li>");

    @Test
    void aBrowserWithoutASessionIsSentToTheSignInForm() {
        assertThat(Console.location(given().redirects().follow(false).get("/console"))).isEqualTo("/console/login");
        assertThat(Console.location(given().redirects().follow(false).get("/console/account")))
                .isEqualTo("/console/login");
        // a made-up or malformed session cookie is no session
        assertThat(Console.location(given().redirects().follow(false).cookie("GC_SESSION", "x".repeat(43))
                .get("/console"))).isEqualTo("/console/login");
        assertThat(Console.location(given().redirects().follow(false).cookie("GC_SESSION", "%00")
                .get("/console"))).isEqualTo("/console/login");
    }

    @Test
    void aClerkSignsInWithAStrictHttpOnlySessionCookieAndOut() {
        Console browser = new Console();
        Response signIn = browser.signIn("clerk", "demo-clerk");
        assertThat(Console.location(signIn)).isEqualTo("/console");
        String setCookie = signIn.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("GC_SESSION=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/");
        // the table holds the id's hash only
        byte[] id = Base64.getUrlDecoder().decode(browser.cookie("GC_SESSION"));
        assertThat(Db.count("SELECT count(*) FROM staff_session WHERE id_hash = $1", Digests.sha256(id))).isOne();
        assertThat(Db.count("SELECT count(*) FROM staff_session WHERE id_hash = $1", id)).isZero();
        browser.get("/console").then().statusCode(200).body(containsString("王会计"));
        assertThat(lastAudit("clerk")).isEqualTo("SIGNED_IN");

        assertThat(Console.location(browser.post("/console/logout", Map.of()))).isEqualTo("/console/login");
        assertThat(lastAudit("clerk")).isEqualTo("SIGNED_OUT");
        assertThat(browser.cookie("GC_SESSION")).isNull();
    }

    @Test
    void anEndedSessionCookieReplayedSignsNobodyIn() {
        Console browser = Console.signedIn("auditor", "demo-auditor");
        String stolen = browser.cookie("GC_SESSION");
        browser.post("/console/logout", Map.of()).then().statusCode(303);
        assertThat(Console.location(given().redirects().follow(false).cookie("GC_SESSION", stolen).get("/console")))
                .isEqualTo("/console/login");
    }

    @Test
    void theSignInFormNeedsItsOwnTokenAndAWriteNeedsTheSessionsToken() {
        Console browser = new Console();
        browser.get("/console/login").then().statusCode(200);
        // a cross-site post of the sign-in form carries no token of ours
        browser.postWithout("/console/login", Map.of("username", "clerk", "password", "demo-clerk"))
                .then().statusCode(403);
        assertThat(browser.cookie("GC_SESSION")).isNull();

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        clerk.postWithout("/console/logout", Map.of()).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("CSRF_REJECTED"));
        clerk.postWithout("/console/logout", Map.of("_csrf", "forged")).then().statusCode(403);
        clerk.get("/console").then().statusCode(200);
        // a script's write sends the token as a header instead
        clerk.request().header("X-CSRF-Token", clerk.csrf()).contentType("application/x-www-form-urlencoded")
                .post("/console/logout").then().statusCode(303);
    }

    @Test
    void fiveWrongPasswordsLockTheAccountForFifteenMinutesEvenAgainstTheRightOne() {
        String user = Console.newUser("CLERK", "right-password");
        Console browser = new Console();
        for (int i = 1; i <= 4; i++) {
            browser.signIn(user, "wrong-" + i).then().statusCode(401).body(containsString("用户名或密码错误"));
        }
        browser.signIn(user, "wrong-5").then().statusCode(401).body(containsString("账户已锁定 15 分钟"));
        browser.signIn(user, "right-password").then().statusCode(401).body(containsString("账户已锁定"));
        assertThat(browser.cookie("GC_SESSION")).isNull();
        // Basic is refused as well while the lock lasts
        given().auth().preemptive().basic(user, "right-password").get("/api/v1/ledger/trial-balance")
                .then().statusCode(401);
        assertThat(actions(user)).containsExactly("SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGN_IN_FAILED",
                "SIGN_IN_FAILED", "SIGN_IN_FAILED", "ACCOUNT_LOCKED", "SIGN_IN_REFUSED_LOCKED",
                "SIGN_IN_REFUSED_LOCKED");

        clock().advance(Duration.ofMinutes(16));
        try {
            assertThat(Console.location(browser.signIn(user, "right-password"))).isEqualTo("/console");
        } finally {
            clock().advance(Duration.ofMinutes(-16));
        }
    }

    @Test
    void anUnknownUserGetsTheSameAnswerAsAWrongPassword() {
        String unknown = new Console().signIn("nobody-here", "whatever").then().statusCode(401).extract().asString();
        String wrong = new Console().signIn("clerk", "whatever").then().statusCode(401).extract().asString();
        assertThat(message(unknown)).isEqualTo(message(wrong)).contains("用户名或密码错误");
    }

    @Test
    void aSessionEndsAfterFifteenIdleMinutes() {
        Console browser = Console.signedIn("clerk", "demo-clerk");
        clock().advance(Duration.ofMinutes(14));
        try {
            browser.get("/console").then().statusCode(200);
            clock().advance(Duration.ofMinutes(16));
            assertThat(Console.location(browser.get("/console"))).isEqualTo("/console/login");
        } finally {
            clock().advance(Duration.ofMinutes(-30));
        }
    }

    @Test
    void aSupervisorEnrolsASecondFactorAtFirstSignInAndNeedsItEveryTime() {
        String user = Console.newUser("SUPERVISOR", "pw-supervisor");
        Console browser = new Console();
        assertThat(Console.location(browser.signIn(user, "pw-supervisor"))).isEqualTo("/console/login/second-factor");
        // not signed in yet: every other page sends them back to the second factor, the JSON API refuses
        assertThat(Console.location(browser.get("/console"))).isEqualTo("/console/login/second-factor");
        browser.request().get("/api/v1/refunds").then().statusCode(403);

        String page = browser.get("/console/login/second-factor").then().statusCode(200).extract().asString();
        byte[] secret = Base32.decode(find(SECRET, page));
        browser.post("/console/login/enrol", Map.of("code", "000000".equals(code(secret)) ? "111111" : "000000"))
                .then().statusCode(401);
        String codes = browser.post("/console/login/enrol", Map.of("code", code(secret))).then().statusCode(200)
                .extract().asString();
        List<String> recovery = CODE.matcher(codes).results().map(m -> m.group(1)).toList();
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        browser.get("/console").then().statusCode(200);
        assertThat(Db.count("SELECT count(*) FROM staff_user WHERE username = $1 AND totp_enc IS NOT NULL"
                + " AND position(convert_to($2, 'UTF8') IN totp_enc) = 0", user, find(SECRET, page)))
                .as("the secret is stored encrypted").isEqualTo(1);
        browser.post("/console/logout", Map.of()).then().statusCode(303);

        // next sign-in: the code of the step already used is refused, a recovery code passes once
        Console again = new Console();
        assertThat(Console.location(again.signIn(user, "pw-supervisor"))).isEqualTo("/console/login/second-factor");
        again.get("/console/login/second-factor").then().statusCode(200).body(containsString("动态码或恢复码"));
        again.post("/console/login/second-factor", Map.of("code", code(secret))).then().statusCode(401);
        assertThat(Console.location(again.post("/console/login/second-factor", Map.of("code", recovery.get(0)))))
                .isEqualTo("/console");
        again.get("/console").then().statusCode(200);

        Console third = new Console();
        third.signIn(user, "pw-supervisor").then().statusCode(303);
        third.get("/console/login/second-factor").then().statusCode(200);
        third.post("/console/login/second-factor", Map.of("code", recovery.get(0))).then().statusCode(401);
        clock().advance(Duration.ofSeconds(Totp.STEP_SECONDS * 2));
        try {
            assertThat(Console.location(third.post("/console/login/second-factor", Map.of("code", code(secret)))))
                    .isEqualTo("/console");
        } finally {
            clock().advance(Duration.ofSeconds(-Totp.STEP_SECONDS * 2));
        }
        assertThat(actions(user)).contains("PASSWORD_ACCEPTED", "SECOND_FACTOR_ENROLLED", "SIGNED_IN", "SIGNED_OUT",
                "SIGN_IN_FAILED");
    }

    @Test
    void wrongSecondFactorCodesLockTheAccountAndEndTheSession() {
        String user = Console.newUser("ADMIN", "pw-admin");
        Console browser = new Console();
        browser.signIn(user, "pw-admin").then().statusCode(303);
        String page = browser.get("/console/login/second-factor").then().statusCode(200).extract().asString();
        byte[] secret = Base32.decode(find(SECRET, page));
        browser.post("/console/login/enrol", Map.of("code", code(secret))).then().statusCode(200);
        browser.post("/console/logout", Map.of()).then().statusCode(303);

        Console attacker = new Console();
        attacker.signIn(user, "pw-admin").then().statusCode(303);
        attacker.get("/console/login/second-factor").then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            attacker.post("/console/login/second-factor", Map.of("code", "zzzz-zzz" + i)).then().statusCode(401)
                    .body(containsString("不正确"));
        }
        attacker.post("/console/login/second-factor", Map.of("code", "zzzz-zzzz")).then().statusCode(401)
                .body(containsString("账户已锁定"));
        assertThat(attacker.cookie("GC_SESSION")).isNull();
        assertThat(actions(user)).contains("ACCOUNT_LOCKED");
    }

    @Test
    void aClerkMayTakeASecondFactorToo() {
        String user = Console.newUser("CLERK", "pw-clerk");
        Console browser = Console.signedIn(user, "pw-clerk");
        browser.get("/console/account").then().statusCode(200).body(containsString("未启用"));
        String page = browser.post("/console/account/second-factor", Map.of()).then().statusCode(200)
                .extract().asString();
        byte[] secret = Base32.decode(find(SECRET, page));
        browser.post("/console/account/second-factor/confirm", Map.of("code", code(secret))).then().statusCode(200)
                .body(containsString("恢复码"));
        browser.get("/console/account").then().statusCode(200).body(containsString("已启用"));
        browser.post("/console/logout", Map.of()).then().statusCode(303);
        assertThat(Console.location(new Console().signIn(user, "pw-clerk"))).isEqualTo("/console/login/second-factor");
    }

    private static String code(byte[] secret) {
        return Totp.code(secret, Totp.step(clock().instant()));
    }

    private static TestClock clock() {
        return CDI.current().select(TestClock.class).get();
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in the page", pattern).isTrue();
        return m.group(1);
    }

    private static String message(String page) {
        return find(Pattern.compile("data-test=\"sign-in-error\">([^<]*)<"), page);
    }

    private static String lastAudit(String user) {
        return Db.one("SELECT action FROM audit_event WHERE actor = $1 ORDER BY id DESC LIMIT 1", user)
                .getString("action");
    }

    private static List<String> actions(String user) {
        return Db.pool().preparedQuery("SELECT action FROM audit_event WHERE actor = $1 ORDER BY id")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(user)).await().indefinitely().stream()
                .map(r -> r.getString("action")).toList();
    }
}
