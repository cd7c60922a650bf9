package io.govclear.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.catalog.LateFeeRule;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LateFeesTest {

    private static final LocalDate DUE = LocalDate.of(2026, 12, 8);

    @Test
    void payingOnTheDueDateCostsNothingAndTheDayAfterCostsOneDay() {
        assertThat(LateFees.overdueDays(DUE, DUE.minusDays(3))).isZero();
        assertThat(LateFees.overdueDays(DUE, DUE)).isZero();
        assertThat(LateFees.overdueDays(DUE, DUE.plusDays(1))).isEqualTo(1);
        assertThat(fine(20000, DUE)).isZero();
        assertThat(fine(20000, DUE.plusDays(1))).isEqualTo(600);
    }

    @Test
    void fineLateFeeIsThreePercentPerDayCappedAtTheFine() {
        assertThat(fine(20000, DUE.plusDays(10))).isEqualTo(6000);
        assertThat(fine(20000, DUE.plusDays(33))).isEqualTo(19800);
        assertThat(fine(20000, DUE.plusDays(34))).isEqualTo(20000); // 20400 capped
        assertThat(fine(20000, DUE.plusDays(3650))).isEqualTo(20000);
    }

    @Test
    void roundingIsHalfUpOnceOnTheTotal() {
        // 50 fen × 3 % = 1.5 fen → 2
        assertThat(fine(50, DUE.plusDays(1))).isEqualTo(2);
        // 49 fen × 3 % = 1.47 → 1; over 3 days 4.41 → 4 (not 3 × 1)
        assertThat(fine(49, DUE.plusDays(1))).isEqualTo(1);
        assertThat(fine(49, DUE.plusDays(3))).isEqualTo(4);
        // 1 fen × 0.05 % × 1000 days = 0.5 → 1; × 999 days = 0.4995 → 0
        assertThat(social(1, DUE.plusDays(1000))).isEqualTo(1);
        assertThat(social(1, DUE.plusDays(999))).isZero();
    }

    @Test
    void socialInsuranceLateFeeIsHalfAPerMillePerDayWithoutCap() {
        assertThat(social(123456, DUE.plusDays(1))).isEqualTo(62);
        assertThat(social(1_000_000, DUE.plusDays(30))).isEqualTo(15_000);
        assertThat(social(10_000, DUE.plusDays(3000))).isEqualTo(15_000); // exceeds the principal: no cap
    }

    @Test
    void noRuleMeansNoFee() {
        assertThat(LateFees.lateFeeFen(LateFeeRule.NONE, 0, false, 100_000, DUE, DUE.plusDays(100))).isZero();
    }

    @Test
    void largestBillDoesNotOverflow() {
        assertThat(LateFees.lateFeeFen(LateFeeRule.SOCIAL_INSURANCE, 5, false, 10_000_000_000L, DUE,
                DUE.plusDays(3653))).isEqualTo(18_265_000_000L);
    }

    private static long fine(long principal, LocalDate today) {
        return LateFees.lateFeeFen(LateFeeRule.FINE, 300, true, principal, DUE, today);
    }

    private static long social(long principal, LocalDate today) {
        return LateFees.lateFeeFen(LateFeeRule.SOCIAL_INSURANCE, 5, false, principal, DUE, today);
    }
}
