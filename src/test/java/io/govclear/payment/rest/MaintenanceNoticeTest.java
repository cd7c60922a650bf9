package io.govclear.payment.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.Channel;
import io.govclear.payment.routing.MaintenanceWindow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cashier page's maintenance notice, in Beijing time. */
class MaintenanceNoticeTest {

    /** 2026-12-01 23:30 to 2026-12-02 00:30 in Beijing. */
    private static final MaintenanceWindow NIGHT = window("2026-12-01T15:30:00Z", "2026-12-01T16:30:00Z", null);

    @Test
    void aWindowOverMidnightIsShownByItsHours() {
        assertThat(CashierPage.notice(NIGHT, Instant.parse("2026-12-01T02:00:00Z")))
                .isEqualTo("银联 UnionPay 23:30–00:30 维护");
    }

    @Test
    void aWindowOfTomorrowSaysSoAndItsNoteFollows() {
        MaintenanceWindow w = window("2026-12-02T01:00:00Z", "2026-12-02T03:00:00Z", "系统升级");
        assertThat(CashierPage.notice(w, Instant.parse("2026-12-01T12:00:00Z")))
                .isEqualTo("银联 UnionPay 明天 09:00–11:00 维护：系统升级");
    }

    @Test
    void aWindowInForceIsUnderWayAndADayLongOneNamesItsEndDay() {
        assertThat(CashierPage.notice(NIGHT, Instant.parse("2026-12-01T16:00:00Z")))
                .isEqualTo("银联 UnionPay 昨天 23:30–00:30 维护中");
        MaintenanceWindow w = window("2026-12-01T14:00:00Z", "2026-12-03T02:00:00Z", null);
        assertThat(CashierPage.notice(w, Instant.parse("2026-12-01T12:00:00Z")))
                .isEqualTo("银联 UnionPay 22:00–12月3日 10:00 维护");
    }

    private static MaintenanceWindow window(String start, String end, String note) {
        return new MaintenanceWindow(1, Channel.UNIONPAY, Instant.parse(start), Instant.parse(end), note, "admin",
                "升级", Instant.parse("2026-11-30T00:00:00Z"), null, null, null);
    }
}
