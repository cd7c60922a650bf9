package io.govclear.console.dashboard;

import io.govclear.common.Rows;
import io.govclear.common.SqlFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The table daily_figure (V17), kept by triggers in the payments' and refunds' own transactions: the dashboard's
 * figures per business day, unit, channel and charge category, read by summing at most a few thousand small rows.
 */
@Singleton
public class DashboardRepository {

    /** Sums for one channel and category over a range of days. */
    public record Figure(String channel, String category, long attempts, long paidCount, long paidFen,
            long refundCount, long refundFen, long delayMsSum, long delayCount) {
    }

    /** Sums for one day. */
    public record Day(LocalDate date, long paidCount, long paidFen, long refundFen) {
    }

    @Inject Pool pool;

    /** The figures of the days {@code from}..{@code to} (inclusive) of these units (null: every unit). */
    public Uni<List<Figure>> figures(LocalDate from, LocalDate to, Set<Long> unitIds) {
        SqlFilter filter = range(from, to, unitIds);
        return pool.preparedQuery("SELECT channel, category, sum(attempts) AS attempts, sum(paid_count) AS paid_count,"
                        + " sum(paid_fen) AS paid_fen, sum(refund_count) AS refund_count, sum(refund_fen) AS refund_fen,"
                        + " sum(delay_ms_sum) AS delay_ms_sum, sum(delay_count) AS delay_count FROM daily_figure" + filter.where() + " GROUP BY channel, category ORDER BY 1, 2")
                .execute(filter.args())
                .map(rows -> Rows.list(rows, r -> new Figure(r.getString("channel"), r.getString("category"),
                        r.getLong("attempts"), r.getLong("paid_count"), r.getLong("paid_fen"),
                        r.getLong("refund_count"), r.getLong("refund_fen"), r.getLong("delay_ms_sum"),
                        r.getLong("delay_count"))));
    }

    /** Day by day, for the chart. */
    public Uni<List<Day>> days(LocalDate from, LocalDate to, Set<Long> unitIds) {
        SqlFilter filter = range(from, to, unitIds);
        return pool.preparedQuery("SELECT business_date, sum(paid_count) AS paid_count, sum(paid_fen) AS paid_fen,"
                        + " sum(refund_fen) AS refund_fen FROM daily_figure" + filter.where()
                        + " GROUP BY business_date ORDER BY 1")
                .execute(filter.args())
                .map(rows -> Rows.list(rows, r -> new Day(r.getLocalDate("business_date"), r.getLong("paid_count"),
                        r.getLong("paid_fen"), r.getLong("refund_fen"))));
    }

    private static SqlFilter range(LocalDate from, LocalDate to, Set<Long> unitIds) {
        return new SqlFilter()
                .add("business_date >= $", from)
                .add("business_date <= $", to)
                .add("unit_id = ANY($", unitIds == null ? null : unitIds.toArray(Long[]::new), ")");
    }
}
