package io.govclear.payment.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final LocalDateTime DAY = LocalDateTime.of(2026, 11, 23, 0, 0);

    @Test
    void dailyWindowCoversItsHoursOnly() {
        MaintenanceWindow w = MaintenanceWindow.parse("02:00-04:30");
        assertThat(w.endIfCovering(DAY.withHour(1).withMinute(59))).isNull();
        assertThat(w.endIfCovering(DAY.withHour(2))).isEqualTo(DAY.withHour(4).withMinute(30));
        assertThat(w.endIfCovering(DAY.withHour(4).withMinute(29))).isEqualTo(DAY.withHour(4).withMinute(30));
        assertThat(w.endIfCovering(DAY.withHour(4).withMinute(30))).isNull();
    }

    @Test
    void dailyWindowMayWrapMidnight() {
        MaintenanceWindow w = MaintenanceWindow.parse(" 23:30-00:30 ");
        assertThat(w.endIfCovering(DAY.withHour(23).withMinute(45))).isEqualTo(DAY.plusDays(1).withMinute(30));
        assertThat(w.endIfCovering(DAY.withMinute(10))).isEqualTo(DAY.withMinute(30));
        assertThat(w.endIfCovering(DAY.withHour(12))).isNull();
        assertThat(w.endIfCovering(DAY.withMinute(30))).isNull();
    }

    @Test
    void oneOffWindowCoversItsSpanOnly() {
        MaintenanceWindow w = MaintenanceWindow.parse("2026-12-01T01:00/2026-12-01T03:00");
        LocalDateTime start = LocalDateTime.of(2026, 12, 1, 1, 0);
        assertThat(w.endIfCovering(start.minusMinutes(1))).isNull();
        assertThat(w.endIfCovering(start)).isEqualTo(start.plusHours(2));
        assertThat(w.endIfCovering(start.plusHours(2))).isNull();
        assertThat(w.endIfCovering(start.plusDays(1))).isNull();
    }

    @Test
    void malformedWindowsAreRefusedWithTheirText() {
        assertThatThrownBy(() -> MaintenanceWindow.parse("2am-4am")).hasMessageContaining("'2am-4am'");
        assertThatThrownBy(() -> MaintenanceWindow.parse("nightly")).hasMessageContaining("HH:mm-HH:mm");
        assertThatThrownBy(() -> MaintenanceWindow.parse("2026-12-01T03:00/2026-12-01T01:00"))
                .hasMessageContaining("ends before it starts");
    }
}
