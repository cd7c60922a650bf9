package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.health.BreakerBoard;
import io.govclear.common.Clocks;
import io.govclear.payment.routing.MaintenanceSchedule;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Maintenance;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channels page: every finance role sees each channel's breakers, figures and windows; an ADMIN announces a
 * window in Beijing time and cancels it, each with a reason, once, with the session's CSRF token.
 */
@QuarkusTest
class ChannelPagesTest {

    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final Pattern WINDOW = Pattern.compile("data-test=\"window-(\\d+)\"");

    @Inject
    TestClock clock;

    @Inject
    MaintenanceSchedule schedule;

    @Inject
    BreakerBoard board;

    @AfterEach
    void cancelWhatIsLeft() {
        Maintenance.cancelWhatIsLeft(schedule);
    }

    @Test
    void staffSeeTheChannelsAndAnAdminAnnouncesAndCancelsAWindowOnce() {
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String page = clerk.get("/console/channels").then().statusCode(200).extract().asString();
        assertThat(page).contains("data-test=\"nav-channels\"").contains("data-test=\"channel-ALIPAY\"")
                .contains("data-test=\"channel-WECHAT_PAY\"").contains("data-test=\"channel-UNIONPAY\"")
                .contains("data-test=\"breaker-UNIONPAY-" + board.instanceId() + "\"").contains("正常（闭合）")
                .doesNotContain("data-test=\"announce-UNIONPAY\"");
        LocalDateTime start = LocalDateTime.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE)
                .truncatedTo(ChronoUnit.MINUTES).plusHours(6);
        Map<String, String> form = Map.of("startsAt", FIELD.format(start), "endsAt",
                FIELD.format(start.plusMinutes(90)), "note", "银联系统升级", "reason", "年度升级");
        clerk.post("/console/channels/UNIONPAY/maintenance", form).then().statusCode(403);
        Console.signedIn("officer", "demo-officer").get("/console/channels").then().statusCode(403);

        String name = Console.newUser("ADMIN", "pw-channels");
        Console admin = Console.enrolledAndSignedIn(name, "pw-channels");
        assertThat(admin.get("/console/channels").then().statusCode(200).extract().asString())
                .contains("data-test=\"announce-UNIONPAY\"");
        long before = Db.count("SELECT count(*) FROM channel_maintenance");
        admin.postWithout("/console/channels/UNIONPAY/maintenance", form).then().statusCode(403);
        assertThat(admin.post("/console/channels/UNIONPAY/maintenance", Map.of("startsAt", FIELD.format(start),
                "endsAt", FIELD.format(start.minusHours(1)), "reason", "颠倒")).then().statusCode(400).extract()
                .asString()).contains("data-test=\"channels-error\"").contains("endsAt");
        admin.post("/console/channels/UNIONPAY/maintenance", Map.of("startsAt", FIELD.format(start), "endsAt",
                FIELD.format(start.plusHours(1)))).then().statusCode(400);
        assertThat(Db.count("SELECT count(*) FROM channel_maintenance")).as("refused forms change nothing")
                .isEqualTo(before);

        String announced = admin.post("/console/channels/UNIONPAY/maintenance", form).then().statusCode(200)
                .extract().asString();
        assertThat(announced).contains("data-test=\"channels-notice\"").contains("银联系统升级").contains("未开始")
                .contains(start.toLocalDate() + " " + start.toLocalTime());
        Matcher window = WINDOW.matcher(announced);
        assertThat(window.find()).isTrue();
        String id = window.group(1);
        assertThat(Db.count("SELECT count(*) FROM channel_maintenance WHERE id = $1 AND created_by = $2"
                + " AND starts_at = $3", Long.parseLong(id), name,
                start.atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime())).isEqualTo(1);
        assertThat(clerk.get("/console/channels").then().statusCode(200).extract().asString())
                .contains("data-test=\"window-" + id + "\"").doesNotContain("data-test=\"cancel-" + id + "\"");

        admin.post("/console/channels/UNIONPAY/maintenance/" + id + "/cancel", Map.of()).then().statusCode(400);
        String cancelled = admin.post("/console/channels/UNIONPAY/maintenance/" + id + "/cancel",
                Map.of("reason", "改期")).then().statusCode(200).extract().asString();
        assertThat(cancelled).contains("已取消").contains(name + " 于").contains("改期")
                .doesNotContain("data-test=\"cancel-" + id + "\"");
        assertThat(admin.post("/console/channels/UNIONPAY/maintenance/" + id + "/cancel", Map.of("reason", "再取消"))
                .then().statusCode(409).extract().asString()).contains("data-test=\"channels-error\"");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_type = 'CHANNEL_MAINTENANCE'"
                + " AND subject_id = $1 AND actor = $2", id, name)).isEqualTo(2);
    }
}
