package io.govclear.payment.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.govclear.channel.health.BreakerBoard;
import io.govclear.common.Clocks;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Maintenance;
import io.govclear.support.Payments;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Maintenance windows through /api/v1/admin/channels: an ADMIN announces one, routing and the cashier page honour it,
 * it is cancelled once; bad input is a problem that changes nothing; each instance's breakers and the last hour's
 * figures are listed. Every window a test leaves is cancelled after it, so other tests route as usual.
 */
@QuarkusTest
class ChannelMaintenanceTest {

    private static final String WINDOWS = "/api/v1/admin/channels/UNIONPAY/maintenance";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @Inject
    TestClock clock;

    @Inject
    MaintenanceSchedule schedule;

    @Inject
    BreakerBoard board;

    @AfterEach
    void cancelWhatIsLeft() {
        clock.reset();
        Maintenance.cancelWhatIsLeft(schedule);
    }

    @Test
    void anAnnouncedWindowIsShownAheadTakesTheChannelOutAndIsCancelledOnce() {
        OffsetDateTime start = now().plusHours(2);
        Response announced = announce(start, start.plusHours(1), "系统升级", "银联年度系统升级");
        announced.then().statusCode(201).body("channel", equalTo("UNIONPAY")).body("status", equalTo("UPCOMING"))
                .body("note", equalTo("系统升级")).body("createdBy", equalTo("admin"));
        long id = announced.jsonPath().getLong("id");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'MAINTENANCE_ANNOUNCED'"
                + " AND subject_type = 'CHANNEL_MAINTENANCE' AND subject_id = $1 AND actor = 'admin'"
                + " AND details->>'reason' = '银联年度系统升级'", Long.toString(id))).isEqualTo(1);

        // every finance role reads it
        for (String reader : List.of("clerk", "supervisor", "auditor")) {
            JsonPath channels = Staff.as(reader).get("/api/v1/admin/channels").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(channels.getList("channel", String.class)).containsExactly("ALIPAY", "WECHAT_PAY", "UNIONPAY");
            assertThat(channels.getList("find { it.channel == 'UNIONPAY' }.maintenance.id", Long.class))
                    .contains(id);
        }

        // the cashier page tells the payer a day ahead, in Beijing time, and still offers the channel until then
        String code = Bills.issueFine(5_000);
        given().get("/pay/" + code).then().statusCode(200)
                .body(containsString("data-test=\"maintenance-UNIONPAY\""))
                .body(containsString("银联 UnionPay " + day(start) + HH_MM.format(start) + "–"
                        + HH_MM.format(start.plusHours(1)) + " 维护：系统升级"))
                .body(containsString("data-channel=\"UNIONPAY\""));

        // in the window: neither offered nor accepted, routed around, still announced
        clock.advance(Duration.ofMinutes(130));
        Payments.checkout(code, "UNIONPAY").then().statusCode(503).body("code", equalTo("CHANNEL_IN_MAINTENANCE"))
                .body("detail", containsString("until " + start.plusHours(1).toLocalDate() + " "
                        + HH_MM.format(start.plusHours(1))));
        given().get("/pay/" + code).then().statusCode(200)
                .body(not(containsString("data-channel=\"UNIONPAY\"")))
                .body(containsString("维护中：系统升级"));

        // cancelled: offered again at once; a second cancel is refused, whoever tries
        Staff.sendingJson("admin").body(Map.of("reason", "升级提前完成")).post(WINDOWS + "/" + id + "/cancel").then()
                .statusCode(200).body("status", equalTo("CANCELLED")).body("cancelledBy", equalTo("admin"))
                .body("cancelReason", equalTo("升级提前完成"));
        given().get("/pay/" + code).then().body(containsString("data-channel=\"UNIONPAY\""))
                .body(not(containsString("data-test=\"maintenance-UNIONPAY\"")));
        Staff.sendingJson("admin").body(Map.of("reason", "再取消一次")).post(WINDOWS + "/" + id + "/cancel").then()
                .statusCode(409).body("code", equalTo("MAINTENANCE_WINDOW_CANCELLED"));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'MAINTENANCE_CANCELLED'"
                + " AND subject_id = $1", Long.toString(id))).isEqualTo(1);
        Payments.checkout(code, "UNIONPAY").then().statusCode(201);
    }

    @Test
    void aWindowAnotherInstanceAnnouncedIsHonouredHereWithinSeconds() {
        String code = Bills.issueFine(1_200);
        Payments.checkout(code, "UNIONPAY").then().statusCode(201);
        // as another instance writes it: nothing here hears of it but the scheduled reload
        Db.execute("INSERT INTO channel_maintenance (channel, starts_at, ends_at, created_by, reason, created_at)"
                + " VALUES ('UNIONPAY', $1, $2, 'admin', '另一实例发布', $1)", now().minusMinutes(1),
                now().plusHours(1));
        String later = Bills.issueFine(1_300);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> Payments
                .checkout(later, "UNIONPAY").then().statusCode(503).body("code", equalTo("CHANNEL_IN_MAINTENANCE")));
    }

    @Test
    void windowsThatFollowOnOneAnotherKeepTheChannelOutUntilTheLastEnds() {
        OffsetDateTime start = now().plusHours(3);
        announce(start, start.plusHours(1), null, "第一段").then().statusCode(201);
        announce(start.plusHours(1), start.plusHours(2), null, "第二段").then().statusCode(201);
        clock.advance(Duration.ofMinutes(190));
        Payments.checkout(Bills.issueFine(1_000), "UNIONPAY").then().statusCode(503)
                .body("detail", containsString("until " + start.plusHours(2).toLocalDate() + " "
                        + HH_MM.format(start.plusHours(2))));
    }

    @Test
    void badRequestsAreProblemsThatChangeNothing() {
        OffsetDateTime start = now().plusHours(4);
        announce(start, start.plusHours(1), null, "已发布的窗口").then().statusCode(201);
        long over = announce(now().plusMinutes(1), now().plusMinutes(10), null, "将结束的窗口").jsonPath().getLong("id");
        clock.advance(Duration.ofMinutes(20));
        OffsetDateTime at = now();

        Db.assertNothingChangedBy(() -> {
            expect(announce(at.plusHours(2), at.plusHours(1), null, "颠倒"), 400, "VALIDATION_FAILED", "endsAt");
            expect(announce(at.minusHours(2), at.minusHours(1), null, "过去"), 400, "VALIDATION_FAILED", "endsAt");
            expect(announce(at.minusHours(1), at.plusHours(1), null, "倒签"), 400, "VALIDATION_FAILED", "startsAt");
            expect(announce(at.plusHours(1), at.plusDays(9), null, "太长"), 400, "VALIDATION_FAILED", "endsAt");
            expect(announce(at.plusDays(400), at.plusDays(400).plusHours(1), null, "太远"), 400, "VALIDATION_FAILED",
                    "startsAt");
            expect(post(WINDOWS, "{\"startsAt\":\"2026-12-01 23:30\",\"endsAt\":\"" + at.plusHours(1)
                    + "\",\"reason\":\"格式\"}"), 400, "VALIDATION_FAILED", "startsAt");
            expect(post(WINDOWS, "{\"startsAt\":\"" + at.plusHours(1).toLocalDateTime() + "\",\"endsAt\":\""
                    + at.plusHours(2) + "\",\"reason\":\"无时区\"}"), 400, "VALIDATION_FAILED", "startsAt");
            expect(post(WINDOWS, "{\"startsAt\":\"" + at.plusHours(1) + "\",\"endsAt\":\"" + at.plusHours(2) + "\"}"),
                    400, "VALIDATION_FAILED", "reason");
            expect(post(WINDOWS, "{\"startsAt\":\"" + at.plusHours(1) + "\",\"endsAt\":\"" + at.plusHours(2)
                    + "\",\"reason\":\"x\",\"channel\":\"ALIPAY\"}"), 400, "UNKNOWN_FIELD", null);
            expect(post(WINDOWS, ""), 400, "BODY_REQUIRED", null);
            expect(announce(start, start.plusHours(1), null, "再发一次"), 409, "MAINTENANCE_WINDOW_EXISTS", null);
            for (String channel : List.of("BANK_ICBC", "TRANSFER", "unionpay", "NOPE")) {
                expect(post("/api/v1/admin/channels/" + channel + "/maintenance", body(at.plusHours(1),
                        at.plusHours(2), null, "渠道")), 404, "CHANNEL_NOT_FOUND", null);
            }
            for (String id : List.of("999999999", "0", "01", "x", "99999999999999999999")) {
                expect(Staff.sendingJson("admin").body("{\"reason\":\"取消\"}").post(WINDOWS + "/" + id + "/cancel"),
                        404, "MAINTENANCE_WINDOW_NOT_FOUND", null);
            }
            expect(Staff.sendingJson("admin").body("{\"reason\":\"取消\"}")
                    .post("/api/v1/admin/channels/ALIPAY/maintenance/" + over + "/cancel"), 404,
                    "MAINTENANCE_WINDOW_NOT_FOUND", null);
            expect(Staff.sendingJson("admin").body("{\"reason\":\"取消\"}").post(WINDOWS + "/" + over + "/cancel"),
                    409, "MAINTENANCE_WINDOW_OVER", null);
            expect(Staff.sendingJson("admin").body("{}").post(WINDOWS + "/" + over + "/cancel"), 400,
                    "VALIDATION_FAILED", "reason");
            // only an ADMIN changes windows; a UNIT_OFFICER does not even read them
            for (String user : List.of("clerk", "supervisor", "auditor")) {
                expect(Staff.sendingJson(user).body(body(at.plusHours(1), at.plusHours(2), null, "越权")).post(WINDOWS),
                        403, "FORBIDDEN", null);
            }
            expect(Staff.as("officer").get("/api/v1/admin/channels"), 403, "FORBIDDEN", null);
            expect(given().get("/api/v1/admin/channels"), 401, "UNAUTHENTICATED", null);
        });
    }

    @Test
    void theSameWindowAnnouncedAtOnceByManyIsOneWindow() throws Exception {
        OffsetDateTime start = now().plusHours(5);
        String body = body(start, start.plusHours(1), null, "并发发布");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                posts.add(() -> post(WINDOWS, body).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : threads.invokeAll(posts)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            threads.shutdown();
        }
        assertThat(Db.count("SELECT count(*) FROM channel_maintenance WHERE channel = 'UNIONPAY' AND starts_at = $1"
                + " AND cancelled_at IS NULL", start)).isEqualTo(1);
    }

    @Test
    void everyInstancesBreakerIsListedAndASilentOneIsMarkedStale() {
        // this instance publishes its breakers on its own schedule
        await().atMost(Duration.ofSeconds(20)).until(() -> Db.count("SELECT count(*) FROM channel_breaker"
                + " WHERE instance_id = $1 AND channel = 'ALIPAY' AND state = 'CLOSED'", board.instanceId()) == 1);
        Db.execute("INSERT INTO channel_breaker (instance_id, channel, state, since, updated_at)"
                + " VALUES ('engine-gone', 'ALIPAY', 'OPEN', now() - interval '10 minutes',"
                + " now() - interval '1 minute')"
                + " ON CONFLICT (instance_id, channel) DO UPDATE SET updated_at = excluded.updated_at");
        try {
            JsonPath alipay = new JsonPath(Staff.as("clerk").get("/api/v1/admin/channels").then().statusCode(200)
                    .extract().asString()).setRootPath("find { it.channel == 'ALIPAY' }");
            assertThat(alipay.getString("breakers.find { it.instanceId == '" + board.instanceId() + "' }.state"))
                    .isEqualTo("CLOSED");
            assertThat(alipay.getBoolean("breakers.find { it.instanceId == '" + board.instanceId() + "' }.stale"))
                    .isFalse();
            assertThat(alipay.getString("breakers.find { it.instanceId == 'engine-gone' }.state")).isEqualTo("OPEN");
            assertThat(alipay.getBoolean("breakers.find { it.instanceId == 'engine-gone' }.stale")).isTrue();
        } finally {
            Db.execute("DELETE FROM channel_breaker WHERE instance_id = 'engine-gone'");
        }
    }

    @Test
    void theLastHoursFiguresCountCheckoutsCallsAndTheNotifyDelay() {
        Payments.payBill(Bills.issueFine(2_500), "ALIPAY");
        Payments.start(Bills.issueFine(2_600), "ALIPAY");
        Staff.as("auditor").get("/api/v1/admin/channels").then().statusCode(200)
                .body("find { it.channel == 'ALIPAY' }.lastHour.checkouts", greaterThanOrEqualTo(2))
                .body("find { it.channel == 'ALIPAY' }.lastHour.succeeded", greaterThanOrEqualTo(1))
                .body("find { it.channel == 'ALIPAY' }.lastHour.successRateBp", notNullValue())
                .body("find { it.channel == 'ALIPAY' }.lastHour.booked", greaterThanOrEqualTo(1))
                .body("find { it.channel == 'ALIPAY' }.lastHour.notifyDelayP50Ms", notNullValue())
                .body("find { it.channel == 'ALIPAY' }.lastHour.notifyDelayP95Ms", notNullValue())
                .body("channel", hasItem("UNIONPAY"));
        // the attempts of the last hour until now (a test that moved the clock on may have left later ones)
        OffsetDateTime until = OffsetDateTime.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
        long opened = Db.count("SELECT count(*) FROM payment_attempt WHERE channel = 'ALIPAY'"
                + " AND created_at >= $1 AND created_at <= $2", until.minusHours(1).plusSeconds(5), until);
        assertThat(Staff.as("auditor").get("/api/v1/admin/channels").jsonPath()
                .getLong("find { it.channel == 'ALIPAY' }.lastHour.checkouts")).isGreaterThanOrEqualTo(opened);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE).truncatedTo(ChronoUnit.MINUTES);
    }

    /** "明天 " when the window starts tomorrow (Beijing), as the cashier page says it. */
    private String day(OffsetDateTime start) {
        return start.toLocalDate().equals(clock.today()) ? "" : "明天 ";
    }

    private static Response announce(OffsetDateTime startsAt, OffsetDateTime endsAt, String note, String reason) {
        return post(WINDOWS, body(startsAt, endsAt, note, reason));
    }

    private static String body(OffsetDateTime startsAt, OffsetDateTime endsAt, String note, String reason) {
        return "{\"startsAt\":\"" + startsAt + "\",\"endsAt\":\"" + endsAt + "\""
                + (note == null ? "" : ",\"note\":\"" + note + "\"") + ",\"reason\":\"" + reason + "\"}";
    }

    private static Response post(String path, String body) {
        return Staff.sendingJson("admin").body(body).post(path);
    }

    private static void expect(Response response, int status, String code, String field) {
        response.then().statusCode(status).contentType(containsString("application/problem+json"))
                .body("code", equalTo(code));
        if (field != null) {
            response.then().body("errors[0].field", equalTo(field));
        }
    }
}
