package io.govclear.payment.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.channel.Channel;
import io.govclear.payment.routing.MaintenanceWindow.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final Instant START = Instant.parse("2026-12-01T15:30:00Z");
    private static final MaintenanceWindow WINDOW = new MaintenanceWindow(1, Channel.UNIONPAY, START,
            START.plus(Duration.ofHours(1)), null, "admin", "升级", START.minus(Duration.ofDays(1)), null, null, null);

    @Test
    void coversFromItsStartUpToButNotIncludingItsEnd() {
        assertThat(WINDOW.covers(START.minusSeconds(1))).isFalse();
        assertThat(WINDOW.covers(START)).isTrue();
        assertThat(WINDOW.covers(START.plusSeconds(3599))).isTrue();
        assertThat(WINDOW.covers(START.plusSeconds(3600))).isFalse();
        assertThat(WINDOW.phase(START.minusSeconds(1))).isEqualTo(Phase.UPCOMING);
        assertThat(WINDOW.phase(START)).isEqualTo(Phase.CURRENT);
        assertThat(WINDOW.phase(START.plusSeconds(3600))).isEqualTo(Phase.OVER);
    }

    @Test
    void aCancelledWindowCoversNothingAndIsAnnouncedNowhere() {
        MaintenanceWindow cancelled = new MaintenanceWindow(1, Channel.UNIONPAY, WINDOW.startsAt(), WINDOW.endsAt(),
                null, "admin", "升级", WINDOW.createdAt(), "admin2", START.minusSeconds(60), "推迟");
        assertThat(cancelled.covers(START)).isFalse();
        assertThat(cancelled.phase(START)).isEqualTo(Phase.CANCELLED);
        assertThat(cancelled.announcedAt(START.minusSeconds(60), START.plus(Duration.ofDays(1)))).isFalse();
    }

    @Test
    void announcedWhileInForceOrWhenItStartsBeforeTheHorizon() {
        Instant dayBefore = START.minus(Duration.ofHours(24));
        assertThat(WINDOW.announcedAt(dayBefore, dayBefore.plus(Duration.ofHours(24)))).as("starts at the horizon")
                .isFalse();
        Instant later = dayBefore.plusSeconds(1);
        assertThat(WINDOW.announcedAt(later, later.plus(Duration.ofHours(24)))).isTrue();
        assertThat(WINDOW.announcedAt(START.plusSeconds(60), START.plus(Duration.ofHours(25)))).as("in force")
                .isTrue();
        assertThat(WINDOW.announcedAt(WINDOW.endsAt(), WINDOW.endsAt().plus(Duration.ofHours(24)))).as("over")
                .isFalse();
    }

    @Test
    void windowsStillConfiguredTheOldWayStopTheEngineSayingWhereTheyAreSetNow() {
        assertThatThrownBy(() -> MaintenanceSchedule.refuseConfiguredWindows(List.of("govclear.routing.channels"
                + ".ALIPAY.fee-rate-bp", "govclear.routing.channels.UNIONPAY.maintenance")))
                .hasMessageContaining("govclear.routing.channels.UNIONPAY.maintenance")
                .hasMessageContaining("/console/channels");
        assertThatThrownBy(() -> MaintenanceSchedule.refuseConfiguredWindows(List.of(
                "GOVCLEAR_ROUTING_CHANNELS_WECHAT_PAY_MAINTENANCE"))).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> MaintenanceSchedule.refuseConfiguredWindows(List.of(
                "govclear.routing.channels.UNIONPAY.fee-rate-bp", "govclear.routing.maintenance-refresh")))
                .doesNotThrowAnyException();
    }
}
