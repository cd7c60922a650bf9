package io.govclear.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.govclear.common.Clocks;
import io.govclear.common.Cursors;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Revenue reports (收入日报 / 月报 / any range) from closed days only (day_close_*; whole months from their sums,
 * revenue_month_*), grouped by any of unit, item, budget level, channel, destination and day. The figures are the
 * frozen settlement's: gross (takings with late fees), late fees, refunds, channel fees and net. Grouped by budget
 * level only the net is split (the fees and refunds are not), so those rows carry the net alone.
 */
@ApplicationScoped
public class RevenueReport {

    public static final int MAX_DAYS = 366;
    public static final int PAGE_SIZE = 50;

    /** What a report can be grouped by, in the order its columns appear. */
    public enum Dimension {
        DATE("date"), UNIT("unit"), ITEM("item"), BUDGET_LEVEL("budgetLevel"), CHANNEL("channel"),
        DESTINATION("destination");

        public final String param;

        Dimension(String param) {
            this.param = param;
        }

        static Dimension of(String param) {
            return Arrays.stream(values()).filter(d -> d.param.equals(param)).findFirst()
                    .orElseThrow(() -> ProblemException.invalid("groupBy", "has " + param + "; one or more of "
                            + Arrays.stream(values()).map(d -> d.param).collect(Collectors.joining(","))));
        }
    }

    /** A report asked for: a range of business days and what to group by (its order, its columns). */
    public record Query(LocalDate from, LocalDate to, List<Dimension> groupBy) {

        public boolean byLevel() {
            return groupBy.contains(Dimension.BUDGET_LEVEL);
        }

        public String groupByParam() {
            return groupBy.stream().map(d -> d.param).collect(Collectors.joining(","));
        }
    }

    /** A row: the group's keys (code and name where there is one) and its sums; gross…fee null when split by level. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(LocalDate date, String unitCode, String unitName, String itemCode, String itemName,
            String budgetLevel, String channel, String destination, Long grossFen, Long lateFeeFen, Long refundFen,
            Long feeFen, long netFen) {
    }

    /** The sums of the whole range. */
    public record Totals(long grossFen, long lateFeeFen, long refundFen, long feeFen, long netFen) {
    }

    /** A closed day and its frozen totals. */
    public record Day(LocalDate date, Totals totals) {
    }

    /** The days of the range that are closed (reported) and those that are not (left out). */
    public record Days(List<Day> closed, List<LocalDate> notClosed) {

        public List<LocalDate> closedDates() {
            return closed.stream().map(Day::date).toList();
        }

        /** The range's sums: its closed days' (a day's close keeps its totals). */
        public Totals totals() {
            long gross = 0, late = 0, refund = 0, fee = 0, net = 0;
            for (Day d : closed) {
                gross += d.totals().grossFen();
                late += d.totals().lateFeeFen();
                refund += d.totals().refundFen();
                fee += d.totals().feeFen();
                net += d.totals().netFen();
            }
            return new Totals(gross, late, refund, fee, net);
        }
    }

    /** A figure per key, for a chart. */
    public record Point(String key, long netFen) {
    }

    @Inject Pool pool;
    @Inject Clock clock;

    /** Parses and checks the parameters: dates as yyyy-MM-dd, the range at most {@link #MAX_DAYS}. */
    public static Query query(String from, String to, String groupBy) {
        LocalDate start = date("from", from);
        LocalDate end = to == null || to.isEmpty() ? start : date("to", to);
        if (end.isBefore(start) || ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw new ProblemException(ProblemCode.REPORT_RANGE_INVALID, "The range " + start + " … " + end
                    + " is not a range of 1 to " + MAX_DAYS + " days");
        }
        Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
        String asked = groupBy == null || groupBy.isEmpty() ? "unit,item" : groupBy;
        for (String part : asked.split(",", -1)) {
            if (!dims.add(Dimension.of(part))) {
                throw ProblemException.invalid("groupBy", "names " + part + " twice");
            }
        }
        return new Query(start, end, List.copyOf(dims));
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.invalid(name, "is required");
        }
        try {
            if (!value.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                throw new java.time.format.DateTimeParseException("", value, 0);
            }
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be a date like 2026-11-23");
        }
    }

    /** One page (1-based) of the report's rows, in the order of its keys (one more than a page: is there a next?). */
    public Uni<List<Line>> page(Query q, int page) {
        Sql sql = grouped(q, " LIMIT " + (PAGE_SIZE + 1) + " OFFSET " + (long) (page - 1) * PAGE_SIZE);
        return pool.preparedQuery(sql.text).execute(sql.args).map(rows -> Rows.list(rows, r -> line(q, r)));
    }

    /** Every row, a page at a time through one cursor (exports). */
    public Multi<List<Line>> stream(Query q) {
        Sql sql = grouped(q, null);
        return Cursors.pages(pool, sql.text, sql.args, 2_000, r -> line(q, r));
    }

    /** The net per channel (or per budget level) over the range, for the chart: the closed days' own figures. */
    public Uni<List<Point>> netBy(Query q, Dimension dimension) {
        return pool.preparedQuery("SELECT key, sum(net_fen)::bigint FROM day_close_figure WHERE business_date BETWEEN"
                        + " $1 AND $2 AND dimension = $3 GROUP BY 1 ORDER BY 2 DESC")
                .execute(Tuple.of(q.from(), q.to(), dimension == Dimension.BUDGET_LEVEL ? "LEVEL" : "CHANNEL"))
                .map(rows -> Rows.list(rows, r -> new Point(r.getString(0), r.getLong(1))));
    }

    /**
     * The range's closed days with their frozen totals (one read of day_close: the report's totals, its coverage and
     * the chart's days), and the days of the range that are over but not closed.
     */
    public Uni<Days> days(Query q) {
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE).minusDays(1);
        return pool.preparedQuery("SELECT business_date, gross_fen, late_fee_fen, refund_fen, fee_fen, net_fen"
                        + " FROM day_close WHERE business_date BETWEEN $1 AND $2 ORDER BY 1")
                .execute(Tuple.of(q.from(), q.to()))
                .map(rows -> {
                    List<Day> closed = Rows.list(rows, r -> new Day(r.getLocalDate(0), new Totals(r.getLong(1),
                            r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5))));
                    List<LocalDate> open = new ArrayList<>();
                    for (LocalDate d = q.from(); !d.isAfter(q.to()) && !d.isAfter(yesterday); d = d.plusDays(1)) {
                        LocalDate day = d;
                        if (closed.stream().noneMatch(c -> c.date().equals(day))) {
                            open.add(d);
                        }
                    }
                    return new Days(closed, open);
                });
    }

    private record Sql(String text, Tuple args) {
    }

    /**
     * The closed rows of the range, one per day (or month) and key, with columns day, unit_id, item_id, channel,
     * destination, and either gross_fen … net_fen or (split by level) level and net_fen. Whole months in the range
     * come from their sums unless grouped by date. Parameters: $1 from, $2 to, $3 and $4 the whole months [start,
     * end) (equal: none).
     */
    private static Sql source(Query q) {
        boolean level = q.byLevel();
        LocalDate monthsFrom = q.from().getDayOfMonth() == 1 ? q.from() : q.from().withDayOfMonth(1).plusMonths(1);
        LocalDate monthsTo = q.to().plusDays(1).withDayOfMonth(1);
        if (q.groupBy().contains(Dimension.DATE) || !monthsFrom.isBefore(monthsTo)) {
            monthsFrom = monthsTo = q.from();
        }
        String keys = "unit_code, item_code, channel, destination, ";
        String amounts = level ? "level, NULL::bigint AS gross_fen, NULL::bigint AS late_fee_fen,"
                + " NULL::bigint AS refund_fen, NULL::bigint AS fee_fen, amount_fen AS net_fen"
                : "NULL::varchar AS level, gross_fen, late_fee_fen, refund_fen, fee_fen, net_fen";
        String days = "SELECT business_date AS day, " + keys + amounts + " FROM "
                + (level ? "day_close_split" : "day_close_line")
                + " WHERE business_date BETWEEN $1 AND $2 AND NOT (business_date >= $3 AND business_date < $4)";
        // one month by equality: its rows come in the key's order from the primary key, so a page of a month is read
        // off the index, not sorted out of all of them
        String months = "SELECT month, " + keys + amounts + " FROM "
                + (level ? "revenue_month_split" : "revenue_month_line")
                + (monthsTo.equals(monthsFrom.plusMonths(1)) ? " WHERE month = $3 AND $4::date IS NOT NULL"
                        : " WHERE month >= $3 AND month < $4") + " AND $1::date <= $2::date";
        // only the parts the range has: a range of whole months reads their sums alone, in their key's order
        boolean wholeMonths = monthsFrom.equals(q.from()) && monthsTo.equals(q.to().plusDays(1))
                && monthsFrom.isBefore(monthsTo);
        String text = wholeMonths ? months : monthsFrom.isBefore(monthsTo) ? days + " UNION ALL " + months : days;
        return new Sql(text, Tuple.of(q.from(), q.to(), monthsFrom, monthsTo));
    }

    /**
     * The grouped report: keys in the order asked, sums, ordered by the keys; then the names of its units and items
     * (the catalog's current ones: the frozen rows keep codes). {@code limit} a page: the page's names looked up per
     * row; null (an export): every name joined at once.
     */
    private static Sql grouped(Query q, String limit) {
        Sql source = source(q);
        List<String> keys = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (Dimension d : q.groupBy()) {
            switch (d) {
                case DATE -> {
                    select.add("s.day");
                    keys.add("day");
                }
                case UNIT -> {
                    select.add("s.unit_code");
                    keys.add("unit_code");
                }
                case ITEM -> {
                    select.add("s.item_code");
                    keys.add("item_code");
                }
                case BUDGET_LEVEL -> {
                    select.add("s.level, array_position(ARRAY['CENTRAL','PROVINCE','CITY','COUNTY','UNIT']::varchar[],"
                            + " s.level) AS level_rank");
                    keys.add("level_rank");
                    keys.add("level");
                }
                case CHANNEL -> {
                    select.add("s.channel");
                    keys.add("channel");
                }
                case DESTINATION -> {
                    select.add("s.destination");
                    keys.add("destination");
                }
            }
        }
        String order = String.join(", ", keys);
        String groupedSql = "SELECT " + String.join(", ", select) + ", sum(s.gross_fen)::bigint AS gross_fen,"
                + " sum(s.late_fee_fen)::bigint AS late_fee_fen, sum(s.refund_fen)::bigint AS refund_fen,"
                + " sum(s.fee_fen)::bigint AS fee_fen, sum(s.net_fen)::bigint AS net_fen FROM (" + source.text + ") s"
                + " GROUP BY " + order + " ORDER BY " + order + (limit == null ? "" : limit);
        boolean unit = q.groupBy().contains(Dimension.UNIT);
        boolean item = q.groupBy().contains(Dimension.ITEM);
        if (!unit && !item) {
            return new Sql(groupedSql, source.args);
        }
        String names;
        if (limit != null) {
            // a page: at most 51 rows, each name found by index
            names = (unit ? " LEFT JOIN collecting_unit un ON un.code = g.unit_code" : "")
                    + (item ? " LEFT JOIN LATERAL (SELECT ci.name FROM charge_item ci WHERE ci.code = g.item_code"
                            + (unit ? " AND ci.unit_id = un.id" : "") + " ORDER BY ci.version_no DESC LIMIT 1) itn"
                            + " ON true" : "");
        } else {
            // an export: every name at once, hashed
            names = (unit ? " LEFT JOIN collecting_unit un ON un.code = g.unit_code" : "")
                    + (item ? " LEFT JOIN (SELECT DISTINCT ON (" + (unit ? "cu.code, " : "") + "ci.code) "
                            + (unit ? "cu.code AS unit_code, " : "") + "ci.code AS item_code, ci.name FROM charge_item ci"
                            + (unit ? " JOIN collecting_unit cu ON cu.id = ci.unit_id" : "") + " ORDER BY "
                            + (unit ? "cu.code, " : "") + "ci.code, ci.version_no DESC) itn ON itn.item_code = g.item_code"
                            + (unit ? " AND itn.unit_code = g.unit_code" : "") : "");
        }
        return new Sql("SELECT g.*" + (unit ? ", un.name AS unit_name" : "") + (item ? ", itn.name AS item_name" : "")
                + " FROM (" + groupedSql + ") g" + names + " ORDER BY " + order.replace("level_rank", "g.level_rank"),
                source.args);
    }

    private static Line line(Query q, Row r) {
        List<Dimension> g = q.groupBy();
        return new Line(g.contains(Dimension.DATE) ? r.getLocalDate("day") : null,
                g.contains(Dimension.UNIT) ? r.getString("unit_code") : null,
                g.contains(Dimension.UNIT) ? r.getString("unit_name") : null,
                g.contains(Dimension.ITEM) ? r.getString("item_code") : null,
                g.contains(Dimension.ITEM) ? r.getString("item_name") : null,
                g.contains(Dimension.BUDGET_LEVEL) ? r.getString("level") : null,
                g.contains(Dimension.CHANNEL) ? r.getString("channel") : null,
                g.contains(Dimension.DESTINATION) ? r.getString("destination") : null,
                r.getLong("gross_fen"), r.getLong("late_fee_fen"), r.getLong("refund_fen"), r.getLong("fee_fen"),
                r.getLong("net_fen"));
    }

    /** The column titles of an export, in the row's order ({@link #fields}). */
    public static List<String> header(Query q) {
        List<String> h = new ArrayList<>();
        for (Dimension d : q.groupBy()) {
            switch (d) {
                case DATE -> h.add("日期");
                case UNIT -> {
                    h.add("单位代码");
                    h.add("执收单位");
                }
                case ITEM -> {
                    h.add("项目代码");
                    h.add("收费项目");
                }
                case BUDGET_LEVEL -> h.add("预算级次");
                case CHANNEL -> h.add("渠道");
                case DESTINATION -> h.add("去向");
            }
        }
        if (!q.byLevel()) {
            h.addAll(List.of("收款（元）", "其中滞纳金（元）", "退款（元）", "手续费（元）"));
        }
        h.add("净额（元）");
        return h;
    }

    /** A row's key fields (text) in the header's order; the amounts are {@link #amounts}. */
    public static List<String> keys(Query q, Line l) {
        List<String> f = new ArrayList<>();
        for (Dimension d : q.groupBy()) {
            switch (d) {
                case DATE -> f.add(l.date().toString());
                case UNIT -> {
                    f.add(l.unitCode());
                    f.add(l.unitName());
                }
                case ITEM -> {
                    f.add(l.itemCode());
                    f.add(l.itemName());
                }
                case BUDGET_LEVEL -> f.add(l.budgetLevel());
                case CHANNEL -> f.add(l.channel());
                case DESTINATION -> f.add(l.destination());
            }
        }
        return f;
    }

    public static long[] amounts(Query q, Line l) {
        return q.byLevel() ? new long[] { l.netFen() }
                : new long[] { l.grossFen(), l.lateFeeFen(), l.refundFen(), l.feeFen(), l.netFen() };
    }
}
