package io.govclear.order;

import io.govclear.catalog.LateFeeRule;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Late fees (滞纳金 / 加处罚款), pure functions. Overdue days are the days after the due date: paying on the due date
 * costs nothing, the day after costs one day. The fee is principal × rate × days, rounded half up to the fen once
 * (not per day); a fine's late fee never exceeds the fine (行政处罚法 Art. 72(1)).
 */
public final class LateFees {

    private static final long BASIS_POINTS = 10_000;

    private LateFees() {
    }

    public static long overdueDays(LocalDate dueDate, LocalDate today) {
        return Math.max(0, ChronoUnit.DAYS.between(dueDate, today));
    }

    /**
     * @param bpPerDay basis points of the principal per overdue day (300 = 3 %, 5 = 0.05 %)
     * @param capped   whether the fee is capped at the principal
     */
    public static long lateFeeFen(LateFeeRule rule, int bpPerDay, boolean capped, long principalFen,
            LocalDate dueDate, LocalDate today) {
        long days = overdueDays(dueDate, today);
        if (rule == LateFeeRule.NONE || days == 0 || bpPerDay == 0) {
            return 0;
        }
        long scaled = Math.multiplyExact(Math.multiplyExact(principalFen, (long) bpPerDay), days);
        long fee = (scaled + BASIS_POINTS / 2) / BASIS_POINTS;
        return capped ? Math.min(fee, principalFen) : fee;
    }
}
