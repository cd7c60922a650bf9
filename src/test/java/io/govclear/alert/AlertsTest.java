package io.govclear.alert;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.govclear.common.Rows;
import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Jobs;
import io.govclear.support.Payments;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alerts (交易监控) end to end: conditions made to happen at a moment of the test clock no other test uses, with
 * every job paused, so that nothing but the test's own rows is in the window; each alert raised once however many
 * evaluations run at once, resolved when its condition clears, acknowledged once by a named person; and the
 * Prometheus rules shipped with the project, parsed, naming metrics the engine exports, with the engine's thresholds.
 */
@QuarkusTest
class AlertsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path RULES = Path.of("ops/prometheus/govclear-alerts.yml");

    @Inject TestClock clock;
    @Inject AlertEvaluator evaluator;
    @Inject AlertRepository alerts;
    @Inject AlertsConfig config;

    @BeforeEach
    void quiet() {
        Jobs.get().pauseAll();
    }

    @AfterEach
    void reset() {
        clock.reset();
        Jobs.get().resumeAll();
    }

    @Test
    void aChannelLeavingCallsUnansweredIsAlertedOnceAndResolvedWhenItAnswersAgain() throws Exception {
        clock.advance(Duration.ofHours(3));
        calls("UNIONPAY", 19, "UNKNOWN");
        evaluate();
        assertThat(unresolved("CHANNEL_FAILURE_RATE|UNIONPAY")).as("below the minimum calls").isZero();

        calls("UNIONPAY", 1, "UNKNOWN");
        // four evaluations at once (as on four instances): one alert
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AlertEvaluator.Evaluation>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> evaluator.evaluate().await().atMost(WAIT)));
            }
            int raised = 0;
            for (Future<AlertEvaluator.Evaluation> run : runs) {
                raised += run.get().raised() > 0 ? 1 : 0;
            }
            assertThat(raised).isPositive();
        } finally {
            pool.shutdown();
        }
        assertThat(unresolved("CHANNEL_FAILURE_RATE|UNIONPAY")).isEqualTo(1);
        long id = Db.count("SELECT id FROM alert WHERE fingerprint = 'CHANNEL_FAILURE_RATE|UNIONPAY'"
                + " AND resolved_at IS NULL");
        Staff.as("clerk").get("/api/v1/alerts").then().statusCode(200)
                .body("items.find { it.id == " + id + " }.kind", equalTo("CHANNEL_FAILURE_RATE"))
                .body("items.find { it.id == " + id + " }.subject", equalTo("UNIONPAY"))
                .body("items.find { it.id == " + id + " }.status", equalTo("OPEN"))
                .body("items.find { it.id == " + id + " }.details.calls", equalTo(20))
                .body("items.find { it.id == " + id + " }.details.unanswered", equalTo(20));
        evaluate();
        assertThat(Db.count("SELECT count(*) FROM alert WHERE fingerprint = 'CHANNEL_FAILURE_RATE|UNIONPAY'"))
                .as("found again, not raised again").isEqualTo(1);

        // answered again: 20 of 41 is under half
        calls("UNIONPAY", 21, "SUCCESS");
        evaluate();
        assertThat(unresolved("CHANNEL_FAILURE_RATE|UNIONPAY")).isZero();
        assertThat(Db.one("SELECT resolved_at IS NOT NULL AND acknowledged_at IS NULL FROM alert WHERE id = $1", id)
                .getBoolean(0)).as("resolved, still to be acknowledged").isTrue();
    }

    @Test
    void failedSignInsAreAlertedPerUserAndInTotal() {
        clock.advance(Duration.ofHours(5));
        String user = Console.newUser("CLERK", "pw-right");
        for (int i = 0; i < 5; i++) {
            Staff.withPassword(user, "pw-wrong-" + i).get("/api/v1/alerts").then().statusCode(401);
        }
        evaluate();
        assertThat(unresolved("SIGN_IN_FAILURES|" + user + "|USER")).as("five is the limit").isZero();
        // the sixth: refused on the locked account, still a failed sign-in
        Staff.withPassword(user, "pw-right").get("/api/v1/alerts").then().statusCode(401);
        evaluate();
        assertThat(unresolved("SIGN_IN_FAILURES|" + user + "|USER")).isEqualTo(1);
        assertThat(Db.one("SELECT details->>'failures' FROM alert WHERE fingerprint = $1", "SIGN_IN_FAILURES|"
                + user + "|USER").getString(0)).isEqualTo("6");
        assertThat(unresolved("SIGN_IN_FAILURES|ALL|TOTAL")).isZero();
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "govclear_sign_in_failures_total{user=\"" + user + "\"} 6.0"));

        // names of nobody count together, and everyone's together passes the total
        for (int i = 0; i < 15; i++) {
            Staff.withPassword("nobody-" + i, "x").get("/api/v1/alerts").then().statusCode(401);
        }
        evaluate();
        assertThat(unresolved("SIGN_IN_FAILURES|(unknown)|USER")).isEqualTo(1);
        assertThat(unresolved("SIGN_IN_FAILURES|ALL|TOTAL")).isEqualTo(1);

        // fifteen minutes later it has cleared
        clock.advance(Duration.ofMinutes(16));
        evaluate();
        assertThat(unresolved("SIGN_IN_FAILURES|" + user + "|USER")).isZero();
        assertThat(unresolved("SIGN_IN_FAILURES|ALL|TOTAL")).isZero();
    }

    @Test
    void aSurgeOfDuplicatePaymentsIsAlerted() {
        clock.advance(Duration.ofHours(7));
        for (int i = 0; i < 5; i++) {
            paidTwice();
        }
        evaluate();
        assertThat(unresolved("DUPLICATE_PAYMENTS|ALL")).as("five is the limit").isZero();
        paidTwice();
        evaluate();
        assertThat(unresolved("DUPLICATE_PAYMENTS|ALL")).isEqualTo(1);
        assertThat(Db.one("SELECT details->>'recorded' FROM alert WHERE fingerprint = 'DUPLICATE_PAYMENTS|ALL'"
                + " AND resolved_at IS NULL").getString(0)).isEqualTo("6");
        clock.advance(Duration.ofMinutes(61));
        evaluate();
        assertThat(unresolved("DUPLICATE_PAYMENTS|ALL")).isZero();
    }

    @Test
    void anAlertIsAcknowledgedOnceByANamedSupervisorWithANote() {
        clock.advance(Duration.ofHours(9));
        calls("WECHAT_PAY", 25, "UNKNOWN");
        evaluate();
        long id = Db.count("SELECT id FROM alert WHERE fingerprint = 'CHANNEL_FAILURE_RATE|WECHAT_PAY'"
                + " AND resolved_at IS NULL");
        String path = "/api/v1/alerts/" + id + "/acknowledge";
        Staff.sendingJson("clerk").body("{\"note\":\"看过了\"}").post(path).then().statusCode(403);
        Db.assertNothingChangedBy(() -> {
            Staff.sendingJson("supervisor").body("{}").post(path).then().statusCode(400);
            Staff.sendingJson("supervisor").body("{\"note\":\"x\",\"by\":\"admin\"}").post(path).then()
                    .statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
            Staff.sendingJson("supervisor").post(path).then().statusCode(400).body("code", equalTo("BODY_REQUIRED"));
            for (String none : List.of("999999999", "0", "+1", "abc", "99999999999999999999")) {
                Staff.sendingJson("supervisor").body("{\"note\":\"x\"}").post("/api/v1/alerts/" + none
                        + "/acknowledge").then().statusCode(404).body("code", equalTo("ALERT_NOT_FOUND"));
            }
        });
        Staff.sendingJson("supervisor").body("{\"note\":\"已联系微信支付，渠道恢复中\"}").post(path).then()
                .statusCode(200).body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo("supervisor"))
                .body("note", equalTo("已联系微信支付，渠道恢复中")).body("resolvedAt", equalTo(null));
        Db.assertNothingChangedBy(() -> Staff.sendingJson("admin").body("{\"note\":\"再确认\"}").post(path).then()
                .statusCode(409).body("code", equalTo("ALERT_ALREADY_ACKNOWLEDGED")));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ALERT_ACKNOWLEDGED' AND subject_id = $1"
                + " AND actor = 'supervisor'", Long.toString(id))).isEqualTo(1);
        // acknowledged but still happening: not raised again
        evaluate();
        assertThat(Db.count("SELECT count(*) FROM alert WHERE fingerprint = 'CHANNEL_FAILURE_RATE|WECHAT_PAY'"
                + " AND resolved_at IS NULL")).isEqualTo(1);
        List<Integer> open = Staff.as("auditor").get("/api/v1/alerts?status=open&size=200").then().statusCode(200)
                .extract().path("items.id");
        List<Integer> acknowledged = Staff.as("auditor").get("/api/v1/alerts?status=acknowledged&size=200").then()
                .statusCode(200).extract().path("items.id");
        assertThat(open).doesNotContain((int) id);
        assertThat(acknowledged).contains((int) id);
        Staff.as("auditor").get("/api/v1/alerts?status=OPEN").then().statusCode(400);
        Staff.as("officer").get("/api/v1/alerts").then().statusCode(403);
    }

    @Test
    void oneInstanceClaimsEachEvaluationSlot() throws Exception {
        Instant slot = Instant.parse("2031-01-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                claims.add(pool.submit(() -> alerts.claim(Db.pool(), slot, clock.instant()).await().atMost(WAIT)));
            }
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void thePrometheusRulesParseNameExportedMetricsAndCarryTheEnginesThresholds() throws IOException {
        // every metric a rule names has been touched at least once: a failed sign-in, a payment
        Staff.withPassword("nobody-metrics", "x").get("/api/v1/alerts").then().statusCode(401);
        Payments.payBill(Bills.issueFine(1_000), "ALIPAY");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        Set<String> recorded = new TreeSet<>();
        Map<AlertKind, List<String>> byKind = new EnumMap<>(AlertKind.class);
        Pattern metric = Pattern.compile("\\bgovclear_[a-z0-9_]+");
        for (JsonNode group : rules.required("groups")) {
            assertThat(group.required("name").asText()).isNotBlank();
            for (JsonNode rule : group.required("rules")) {
                String expr = rule.required("expr").asText();
                Matcher names = metric.matcher(expr);
                while (names.find()) {
                    assertThat(metrics).as("/q/metrics has " + names.group())
                            .containsPattern("(?m)^" + names.group() + "[{ ]");
                }
                if (rule.has("record")) {
                    recorded.add(rule.get("record").asText());
                    continue;
                }
                assertThat(rule.required("alert").asText()).startsWith("GovClear");
                AlertKind kind = AlertKind.valueOf(rule.required("labels").required("govclear_kind").asText());
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(expr);
                Matcher uses = Pattern.compile("govclear:[a-z0-9_:]+").matcher(expr);
                while (uses.find()) {
                    assertThat(recorded).as("recorded before it is used").contains(uses.group());
                }
            }
        }
        assertThat(byKind.keySet()).isEqualTo(EnumSet.allOf(AlertKind.class));

        var failures = config.channelFailures();
        assertThat(byKind.get(AlertKind.CHANNEL_FAILURE_RATE)).singleElement().asString()
                .contains("[" + prometheus(failures.window()) + "]", ") > " + number(failures.ratePercent() / 100.0),
                ">= " + failures.minimumCalls());
        var delay = config.notifyDelay();
        assertThat(byKind.get(AlertKind.NOTIFY_DELAY)).singleElement().asString()
                .contains("[" + prometheus(delay.window()) + "]", "> " + delay.p95().toSeconds(),
                        ">= " + delay.minimumPayments());
        var duplicates = config.duplicatePayments();
        assertThat(byKind.get(AlertKind.DUPLICATE_PAYMENTS)).singleElement().asString()
                .contains("[" + prometheus(duplicates.window()) + "]", "> " + duplicates.moreThan());
        var volume = config.unitVolume();
        assertThat(byKind.get(AlertKind.UNIT_VOLUME)).hasSize(2).anySatisfy(e -> assertThat(e)
                .contains(">= " + volume.minimum(), "> " + number(volume.surgeRatio()) + " *"))
                .anySatisfy(e -> assertThat(e).contains("< " + number(volume.dropRatio()) + " *",
                        ">= " + volume.minimum()));
        var signIns = config.signInFailures();
        assertThat(byKind.get(AlertKind.SIGN_IN_FAILURES)).hasSize(2)
                .allSatisfy(e -> assertThat(e).contains("[" + prometheus(signIns.window()) + "]"))
                .anySatisfy(e -> assertThat(e).contains("by (user)", "> " + signIns.perUser()))
                .anySatisfy(e -> assertThat(e).doesNotContain("by (user)").contains("> " + signIns.total()));
        assertThat(byKind.get(AlertKind.MISSING_CREDIT)).singleElement().asString().contains("> 0");
    }

    // --- helpers ---

    private void evaluate() {
        AlertEvaluator.Evaluation done = evaluator.evaluate().await().atMost(WAIT);
        assertThat(done.failed()).as("conditions that could not be evaluated").isEmpty();
    }

    private static long unresolved(String fingerprint) {
        return Db.count("SELECT count(*) FROM alert WHERE fingerprint = $1 AND resolved_at IS NULL", fingerprint);
    }

    /** Calls to a channel about trades a minute ago, as MonitoredChannel writes them, with this answer. */
    private void calls(String channel, int count, String answer) {
        Db.execute("INSERT INTO channel_call (called_at, channel, operation, payment_id, answer, took_ms)"
                + " SELECT $1, $2, 'query', 'GCALERT' || g, $3, 2000 FROM generate_series(1, $4) g",
                Rows.at(clock.instant().minusSeconds(60)), channel, answer, count);
    }

    /** A bill paid on Alipay, then on WeChat Pay: the second payment is a duplicate. */
    private static void paidTwice() {
        String code = Bills.issueFine(3_300);
        String alipay = Payments.start(code, "ALIPAY");
        String wechat = Payments.start(code, "WECHAT_PAY");
        Payments.pay("ALIPAY", alipay);
        Payments.awaitSucceeded(alipay);
        Payments.pay("WECHAT_PAY", wechat);
        Payments.awaitSucceeded(wechat);
    }

    /** A duration as a Prometheus range writes it (10m, 1h, 1d). */
    private static String prometheus(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m"
                : s + "s";
    }

    /** A threshold as the rules write it: 0.5, 3, 0.2. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
