package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.common.Clocks;
import io.govclear.payment.routing.MaintenanceSchedule;
import io.govclear.support.Bills;
import io.govclear.support.Browser;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Maintenance;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channels page in a real browser (Debian's Chromium, headless): an ADMIN announces a UnionPay maintenance window,
 * the payer's cashier page shows it ahead, the ADMIN cancels it. Each page is saved under target/screenshots.
 */
@QuarkusTest
class ChannelsBrowserTest {

    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @Inject
    TestClock clock;

    @Inject
    MaintenanceSchedule schedule;

    @AfterEach
    void cancelWhatIsLeft() {
        Maintenance.cancelWhatIsLeft(schedule);
    }

    @Test
    void anAdminAnnouncesAWindowAndTheCashierPageShowsItAhead() {
        String admin = Console.newUser("ADMIN", "pw-adm-ch");
        LocalDateTime start = LocalDateTime.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE)
                .truncatedTo(ChronoUnit.MINUTES).plusHours(3);
        String code = Bills.issueFine(3_300);
        try (Browser browser = Browser.open()) {
            browser.enrol(admin, "pw-adm-ch");
            browser.click("nav-channels").at("/console/channels");
            browser.testId("breakers-UNIONPAY");
            browser.screenshot("channels");

            browser.fill("starts-UNIONPAY", FIELD.format(start)).fill("ends-UNIONPAY", FIELD.format(start.plusHours(1)))
                    .type("note-UNIONPAY", "系统升级").type("reason-UNIONPAY", "银联年度升级").click("announce-UNIONPAY");
            assertThat(browser.testId("channels-notice").getText()).contains("已发布银联维护窗口");
            long id = Db.count("SELECT id FROM channel_maintenance WHERE created_by = $1 AND cancelled_at IS NULL",
                    admin);
            assertThat(browser.testId("window-" + id).getText()).contains("未开始").contains("系统升级")
                    .contains(admin + "：银联年度升级");
            browser.scrollTo("channel-UNIONPAY").screenshot("channels-window-announced");

            browser.go("/pay/" + code);
            String day = start.toLocalDate().equals(clock.today()) ? "" : "明天 ";
            assertThat(browser.testId("maintenance-UNIONPAY").getText()).isEqualTo("银联 UnionPay " + day
                    + HH_MM.format(start) + "–" + HH_MM.format(start.plusHours(1)) + " 维护：系统升级");
            browser.screenshot("cashier-maintenance-notice");

            browser.go("/console/channels").type("cancel-reason-" + id, "改期").click("cancel-" + id);
            assertThat(browser.testId("channels-notice").getText()).contains("已取消银联维护窗口");
            assertThat(browser.testId("window-" + id).getText()).contains("已取消").contains("改期");
            browser.scrollTo("channel-UNIONPAY").screenshot("channels-window-cancelled");
            browser.go("/pay/" + code);
            assertThat(browser.html()).doesNotContain("data-test=\"maintenance-UNIONPAY\"")
                    .contains("data-channel=\"UNIONPAY\"");
        }
    }
}
