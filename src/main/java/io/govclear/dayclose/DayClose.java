package io.govclear.dayclose;

import io.govclear.audit.AuditLog;
import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.common.Rows;
import io.govclear.common.Transactions;
import io.govclear.funds.FundsIntegrity;
import io.govclear.funds.FundsView.ChannelClass;
import io.govclear.security.StaffUser;
import io.govclear.settlement.Batch;
import io.govclear.settlement.BatchStatus;
import io.govclear.settlement.BudgetSplit;
import io.govclear.settlement.SettlementService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Day close (日结). A business day closes once: when the reconciliation of every channel that moved money that day has
 * completed, the funds check of the day holds with every channel's credit matched, and the day's settlement is
 * confirmed. A SUPERVISOR closes it with a reason; its settlement's figures are frozen into a snapshot (per unit, item,
 * channel and destination, the nets split by budget level) with a digest, and added to the month's sums, in one
 * transaction. Nothing of a closed day changes afterwards (V25's triggers); a correction is a later day's business.
 */
@ApplicationScoped
public class DayClose {

    static final int REASON_MAX = 500;
    private static final int CHUNK = 20_000;

    @Inject Transactions transactions;
    @Inject SettlementService settlements;
    @Inject FundsIntegrity integrity;
    @Inject AuditLog audit;
    @Inject Clock clock;
    @Inject GovClearConfig govclear;

    /** A closed day as frozen. */
    public record Closed(LocalDate businessDate, long batchId, String closedBy, String reason, OffsetDateTime closedAt,
            long grossFen, long lateFeeFen, long refundFen, long feeFen, long feeDeductedFen, long netFen,
            long heldFen, long heldRefundFen, long carriedInFen, int lines, String digest) {

        static final String COLUMNS = "business_date, batch_id, closed_by, reason, closed_at, gross_fen, late_fee_fen,"
                + " refund_fen, fee_fen, fee_deducted_fen, net_fen, held_fen, held_refund_fen, carried_in_fen, lines,"
                + " digest";

        static Closed of(Row r) {
            return new Closed(r.getLocalDate("business_date"), r.getLong("batch_id"), r.getString("closed_by"),
                    r.getString("reason"), r.getOffsetDateTime("closed_at"), r.getLong("gross_fen"),
                    r.getLong("late_fee_fen"), r.getLong("refund_fen"), r.getLong("fee_fen"),
                    r.getLong("fee_deducted_fen"), r.getLong("net_fen"), r.getLong("held_fen"),
                    r.getLong("held_refund_fen"), r.getLong("carried_in_fen"), r.getInteger("lines"),
                    r.getString("digest"));
        }
    }

    /** What stands between a day and its close (empty: it can be closed), and its close once it is. */
    public record State(LocalDate businessDate, Optional<Closed> closed, List<String> missing) {

        public boolean ready() {
            return closed.isEmpty() && missing.isEmpty();
        }
    }

    /**
     * Refuses {@code what} (DAY_CLOSED) when a day from {@code from} to {@code to} is closed: for whatever would change
     * a closed day's figures.
     */
    public static Uni<Void> refuseIfClosed(SqlClient client, LocalDate from, LocalDate to, String what) {
        return client.preparedQuery("SELECT business_date, closed_by FROM day_close WHERE business_date BETWEEN $1"
                        + " AND $2 ORDER BY business_date LIMIT 1").execute(Tuple.of(from, to))
                .map(rows -> {
                    if (rows.iterator().hasNext()) {
                        Row closed = rows.iterator().next();
                        throw new ProblemException(ProblemCode.DAY_CLOSED, closed.getLocalDate(0) + " was closed by "
                                + closed.getString(1) + "; " + what
                                + " would change its frozen figures: book a correction on a later day");
                    }
                    return null;
                });
    }

    public Uni<Optional<Closed>> find(SqlClient client, LocalDate date) {
        return client.preparedQuery("SELECT " + Closed.COLUMNS + " FROM day_close WHERE business_date = $1")
                .execute(Tuple.of(date)).map(rows -> Rows.first(rows, Closed::of));
    }

    public Uni<State> state(LocalDate date) {
        return find(transactions.autoCommit(), date).chain(closed -> closed.isPresent()
                ? Uni.createFrom().item(new State(date, closed, List.of()))
                : missing(date).map(missing -> new State(date, closed, missing)));
    }

    /** Each condition of the close the day does not meet yet, in words for finance staff. */
    Uni<List<String>> missing(LocalDate date) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
        // as settlement: the demo closes the day it has just played
        if (date.isAfter(today) || (date.equals(today) && !govclear.demo().seed())) {
            return Uni.createFrom().item(List.of("营业日 " + date + " 尚未结束"));
        }
        Uni<Optional<Batch>> batch = settlements.ofDay(date);
        return batch.chain(b -> unreconciled(date).chain(runs -> integrity.check(date).chain(check -> channelLines(b)
                .map(channelLines -> {
                    List<String> missing = new ArrayList<>();
                    runs.forEach(channel -> missing.add(channel + " 的对账未完成"));
                    for (FundsIntegrity.ChannelCheck c : check.channels()) {
                        ChannelClass status = ChannelClass.valueOf(c.status());
                        if (status == ChannelClass.IN_TRANSIT) {
                            missing.add(c.channel() + " 的结算款尚未到账（在途 " + c.inTransitFen() + " 分）");
                        }
                    }
                    check.failed().forEach(f -> missing.add("资金核对：" + f));
                    if (b.isEmpty()) {
                        missing.add("没有结算批次");
                    } else if (b.get().status() != BatchStatus.CONFIRMED && b.get().status() != BatchStatus.PAID) {
                        missing.add("结算批次为 " + b.get().status() + "，须已确认");
                    } else if (!channelLines) {
                        missing.add("结算批次编制于按渠道留存明细之前，无法按渠道冻结");
                    }
                    return missing;
                }))));
    }

    /** The channels that moved money on the day (payments or refunds) without a completed run of it. */
    private Uni<List<String>> unreconciled(LocalDate date) {
        Instant start = date.atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        return transactions.autoCommit().preparedQuery("""
                        SELECT m.channel FROM (
                            SELECT DISTINCT channel FROM payment_attempt
                            WHERE status = 'SUCCEEDED' AND paid_at >= $1 AND paid_at < $2 AND channel <> $4
                            UNION
                            SELECT DISTINCT channel FROM refund WHERE status = 'SUCCEEDED' AND succeeded_at >= $1
                                AND succeeded_at < $2) m
                        WHERE NOT EXISTS (SELECT 1 FROM reconciliation_run r WHERE r.channel = m.channel
                                          AND r.business_date = $3 AND r.status = 'COMPLETED')
                        ORDER BY 1""")
                .execute(Tuple.of(Rows.at(start), Rows.at(end), date, Channel.TRANSFER.name()))
                .map(rows -> Rows.list(rows, r -> r.getString(0)));
    }

    private Uni<Boolean> channelLines(Optional<Batch> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        return transactions.autoCommit().preparedQuery("SELECT NOT EXISTS (SELECT 1 FROM settlement_line WHERE"
                        + " batch_id = $1) OR EXISTS (SELECT 1 FROM settlement_channel_line WHERE batch_id = $1)")
                .execute(Tuple.of(batch.get().id())).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * Closes the day: once (a second close is DAY_ALREADY_CLOSED, whoever asks), only when nothing is missing
     * (DAY_NOT_READY, naming what). Audited as DAY_CLOSED with the reason, the totals and the digest.
     */
    public Uni<Closed> close(LocalDate date, String reason, StaffUser supervisor) {
        String why = RequiredText.of("reason", reason, REASON_MAX);
        return state(date).chain(state -> {
            if (state.closed().isPresent()) {
                throw alreadyClosed(state.closed().get());
            }
            if (!state.missing().isEmpty()) {
                throw new ProblemException(ProblemCode.DAY_NOT_READY, date + " cannot be closed yet: "
                        + String.join("；", state.missing()));
            }
            return settlements.find(date).chain(batch -> freeze(batch, why, supervisor.username()));
        });
    }

    private Uni<Closed> freeze(Batch batch, String reason, String supervisor) {
        LocalDate date = batch.businessDate();
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> tx.preparedQuery("SELECT status FROM settlement_batch WHERE id = $1"
                        + " FOR UPDATE").execute(Tuple.of(batch.id()))
                .chain(() -> find(tx, date))
                .chain(closed -> {
                    if (closed.isPresent()) {
                        throw alreadyClosed(closed.get());
                    }
                    return snapshot(tx, batch.id());
                })
                .chain(snapshot -> tx.preparedQuery("""
                                INSERT INTO day_close (business_date, batch_id, closed_by, reason, closed_at, gross_fen,
                                    late_fee_fen, refund_fen, fee_fen, fee_deducted_fen, net_fen, held_fen,
                                    held_refund_fen, carried_in_fen, lines, digest)
                                SELECT b.business_date, b.id, $2, $3, $4, b.gross_fen,
                                       (SELECT coalesce(sum(late_fee_fen), 0) FROM settlement_line WHERE batch_id = b.id),
                                       b.refund_fen, b.fee_fen, b.fee_deducted_fen, b.net_fen, b.held_fen,
                                       b.held_refund_fen, b.carried_in_fen, $5, $6
                                FROM settlement_batch b WHERE b.id = $1
                                ON CONFLICT (business_date) DO NOTHING RETURNING business_date""")
                        .execute(Tuple.from(new Object[] { batch.id(), supervisor, reason, Rows.at(now),
                                snapshot.lines().size(), snapshot.digest() }))
                        .chain(inserted -> {
                            if (!inserted.iterator().hasNext()) {
                                // another instance closed it between our look and our insert
                                return find(tx, date).<Closed>map(c -> {
                                    throw alreadyClosed(c.orElseThrow());
                                });
                            }
                            return insertLines(tx, date, snapshot.lines(), 0)
                                    .chain(() -> insertSplits(tx, date, snapshot.splits(), 0))
                                    .chain(() -> addToMonth(tx, date))
                                    .chain(() -> find(tx, date)).map(Optional::orElseThrow)
                                    .call(c -> audit.append(tx, now, supervisor, "DAY_CLOSED", "BUSINESS_DAY",
                                            date.toString(), auditDetails(c)));
                        })));
    }

    private static Map<String, Object> auditDetails(Closed c) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", c.reason());
        details.put("batchId", c.batchId());
        details.put("netFen", c.netFen());
        details.put("grossFen", c.grossFen());
        details.put("lines", c.lines());
        details.put("digest", c.digest());
        return details;
    }

    private static ProblemException alreadyClosed(Closed c) {
        return new ProblemException(ProblemCode.DAY_ALREADY_CLOSED, c.businessDate() + " was closed by "
                + c.closedBy() + " at " + c.closedAt());
    }

    /**
     * A settlement channel line (its unit and item by id and by code) or, merged by code, a line of the snapshot; and
     * a split of its net.
     */
    record Line(long unitId, long itemId, String unitCode, String itemCode, String channel, String destination,
            long grossFen, long lateFeeFen, long refundFen, long feeFen, long netFen) {

        String key() {
            return unitCode + "|" + itemCode + "|" + channel + "|" + destination;
        }

        Line plus(Line o) {
            return new Line(unitId, itemId, unitCode, itemCode, channel, destination, grossFen + o.grossFen,
                    lateFeeFen + o.lateFeeFen, refundFen + o.refundFen, feeFen + o.feeFen, netFen + o.netFen);
        }
    }

    record Split(String unitCode, String itemCode, String channel, String destination, String level, long amountFen) {

        String key() {
            return unitCode + "|" + itemCode + "|" + channel + "|" + destination + "|" + level;
        }
    }

    record Snapshot(List<Line> lines, List<Split> splits, String digest) {
    }

    /**
     * The batch's channel lines and the settlement's splits apportioned over the channels per unit and item (version),
     * then merged by code (the versions of an item the day saw are one line), in key order, and their digest.
     */
    private static Uni<Snapshot> snapshot(SqlClient tx, long batchId) {
        return tx.preparedQuery("""
                        SELECT l.unit_id, l.item_id, u.code, ci.code, l.channel, ci.destination, l.gross_fen,
                               l.late_fee_fen, l.refund_fen, l.fee_fen, l.net_fen, ci.share_central_bp,
                               ci.share_province_bp, ci.share_city_bp, ci.share_county_bp, ci.share_unit_bp
                        FROM settlement_channel_line l JOIN charge_item ci ON ci.id = l.item_id
                        JOIN collecting_unit u ON u.id = l.unit_id
                        WHERE l.batch_id = $1 ORDER BY l.unit_id, l.item_id, l.channel""")
                .execute(Tuple.of(batchId))
                .chain(rows -> {
                    List<Line> lines = new ArrayList<>();
                    Map<Long, int[]> shares = new HashMap<>();
                    for (Row r : rows) {
                        lines.add(new Line(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getString(5), r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9),
                                r.getLong(10)));
                        shares.put(r.getLong(1), new int[] { r.getInteger(11), r.getInteger(12), r.getInteger(13),
                            r.getInteger(14), r.getInteger(15) });
                    }
                    return tx.preparedQuery("SELECT unit_id, item_id, level, amount_fen FROM settlement_split"
                                    + " WHERE batch_id = $1").execute(Tuple.of(batchId))
                            .map(splitRows -> {
                                Map<List<Long>, long[]> levels = new HashMap<>();
                                for (Row r : splitRows) {
                                    levels.computeIfAbsent(List.of(r.getLong(0), r.getLong(1)),
                                            k -> new long[BudgetSplit.LEVELS.size()])
                                            [BudgetSplit.LEVELS.indexOf(r.getString(2))] = r.getLong(3);
                                }
                                return snapshot(lines, levels, shares);
                            });
                });
    }

    static Snapshot snapshot(List<Line> lines, Map<List<Long>, long[]> levels, Map<Long, int[]> shares) {
        TreeMap<String, Line> merged = new TreeMap<>();
        TreeMap<String, Split> splits = new TreeMap<>();
        int from = 0;
        while (from < lines.size()) {
            Line first = lines.get(from);
            int to = from;
            while (to < lines.size() && lines.get(to).unitId() == first.unitId()
                    && lines.get(to).itemId() == first.itemId()) {
                to++;
            }
            long[] byLevel = levels.getOrDefault(List.of(first.unitId(), first.itemId()),
                    new long[BudgetSplit.LEVELS.size()]);
            for (Split split : apportion(lines.subList(from, to), byLevel, shares.get(first.itemId()))) {
                splits.merge(split.key(), split, (a, b) -> new Split(a.unitCode(), a.itemCode(), a.channel(),
                        a.destination(), a.level(), a.amountFen() + b.amountFen()));
            }
            lines.subList(from, to).forEach(l -> merged.merge(l.key(), l, Line::plus));
            from = to;
        }
        List<Line> frozen = List.copyOf(merged.values());
        List<Split> parts = splits.values().stream().filter(split -> split.amountFen() != 0).toList();
        return new Snapshot(frozen, parts, digest(frozen, parts));
    }

    /**
     * The unit-and-item's split by level ({@code byLevel}, summing to the channels' nets) apportioned over its channel
     * lines so that every channel's parts sum to its net and every level's parts to the level's amount: the cell of
     * channel c and level l is F(c, l) − F(c−1, l) − F(c, l−1) + F(c−1, l−1) with F the floor of (the channels' nets
     * up to c) × (the levels' amounts up to l) / the whole net, exact at the last channel and the last level. A whole
     * of zero (refunds equal to takings) has every level at zero: there F uses the item's shares (bp) instead, the
     * levels' shares up to l / 10 000, which sums to zero per level as well.
     */
    static List<Split> apportion(List<Line> channels, long[] byLevel, int[] sharesBp) {
        long net = channels.stream().mapToLong(Line::netFen).sum();
        long[] cumLevel = new long[byLevel.length + 1];
        for (int l = 0; l < byLevel.length; l++) {
            cumLevel[l + 1] = cumLevel[l] + (net == 0 ? sharesBp[l] : byLevel[l]);
        }
        long whole = net == 0 ? 10_000 : net;
        List<Split> splits = new ArrayList<>();
        long cumChannelBefore = 0;
        for (Line c : channels) {
            long cumChannel = cumChannelBefore + c.netFen();
            for (int l = 0; l < byLevel.length; l++) {
                long cell = floor(cumChannel, cumLevel[l + 1], whole) - floor(cumChannelBefore, cumLevel[l + 1], whole)
                        - floor(cumChannel, cumLevel[l], whole) + floor(cumChannelBefore, cumLevel[l], whole);
                splits.add(new Split(c.unitCode(), c.itemCode(), c.channel(), c.destination(),
                        BudgetSplit.LEVELS.get(l), cell));
            }
            cumChannelBefore = cumChannel;
        }
        return splits;
    }

    /** floor(a × b / d), exact for any long a and b (d ≠ 0). */
    private static long floor(long a, long b, long d) {
        BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(BigInteger.valueOf(d));
        long q = qr[0].longValueExact();
        return qr[1].signum() != 0 && (qr[1].signum() < 0) != (d < 0) ? q - 1 : q;
    }

    /**
     * SHA-256 (hex) of the lines, then the splits, in key order, one per row: unit code, item code, channel,
     * destination (and level), then the amounts, joined by '|' (V25).
     */
    static String digest(List<Line> lines, List<Split> splits) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Line l : lines) {
                sha.update((l.key() + "|" + l.grossFen() + "|" + l.lateFeeFen() + "|" + l.refundFen() + "|"
                        + l.feeFen() + "|" + l.netFen() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Split split : splits) {
                sha.update((split.key() + "|" + split.amountFen() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Uni<Void> insertLines(SqlClient tx, LocalDate date, List<Line> lines, int from) {
        if (from >= lines.size()) {
            return Uni.createFrom().voidItem();
        }
        List<Line> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
        return tx.preparedQuery("""
                        INSERT INTO day_close_line (business_date, unit_code, item_code, channel, destination,
                                                    gross_fen, late_fee_fen, refund_fen, fee_fen, net_fen)
                        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                                                 $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])""")
                .execute(Tuple.from(new Object[] { date, texts(chunk, Line::unitCode), texts(chunk, Line::itemCode),
                    texts(chunk, Line::channel), texts(chunk, Line::destination), fens(chunk, Line::grossFen),
                    fens(chunk, Line::lateFeeFen), fens(chunk, Line::refundFen), fens(chunk, Line::feeFen),
                    fens(chunk, Line::netFen) }))
                .chain(() -> insertLines(tx, date, lines, from + CHUNK));
    }

    private static Uni<Void> insertSplits(SqlClient tx, LocalDate date, List<Split> splits, int from) {
        if (from >= splits.size()) {
            return Uni.createFrom().voidItem();
        }
        List<Split> chunk = splits.subList(from, Math.min(splits.size(), from + CHUNK));
        return tx.preparedQuery("""
                        INSERT INTO day_close_split (business_date, unit_code, item_code, channel, destination, level,
                                                     amount_fen)
                        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                                 $7::bigint[])""")
                .execute(Tuple.from(new Object[] { date, texts(chunk, Split::unitCode), texts(chunk, Split::itemCode),
                    texts(chunk, Split::channel), texts(chunk, Split::destination), texts(chunk, Split::level),
                    fens(chunk, Split::amountFen) }))
                .chain(() -> insertSplits(tx, date, splits, from + CHUNK));
    }

    private static <T> String[] texts(List<T> rows, Function<T, String> field) {
        return rows.stream().map(field).toArray(String[]::new);
    }

    private static <T> Long[] fens(List<T> rows, ToLongFunction<T> field) {
        return rows.stream().map(r -> field.applyAsLong(r)).toArray(Long[]::new);
    }

    /** The closed day's net per channel and per level, and the day added to its month's sums. */
    private static Uni<Void> addToMonth(SqlClient tx, LocalDate date) {
        Tuple day = Tuple.of(date, date.withDayOfMonth(1));
        return tx.preparedQuery("""
                        INSERT INTO day_close_figure (business_date, dimension, key, net_fen)
                        SELECT $1, 'CHANNEL', channel, sum(net_fen) FROM day_close_line WHERE business_date = $1
                        GROUP BY channel
                        UNION ALL
                        SELECT $1, 'LEVEL', level, sum(amount_fen) FROM day_close_split WHERE business_date = $1
                        GROUP BY level""").execute(Tuple.of(date))
                .chain(() -> tx.preparedQuery("""
                        INSERT INTO revenue_month_line AS m (month, unit_code, item_code, channel, destination,
                            gross_fen, late_fee_fen, refund_fen, fee_fen, net_fen, days)
                        SELECT $2, unit_code, item_code, channel, destination, gross_fen, late_fee_fen, refund_fen,
                               fee_fen, net_fen, 1
                        FROM day_close_line WHERE business_date = $1
                        ON CONFLICT (month, unit_code, item_code, channel, destination) DO UPDATE SET
                            gross_fen = m.gross_fen + excluded.gross_fen,
                            late_fee_fen = m.late_fee_fen + excluded.late_fee_fen,
                            refund_fen = m.refund_fen + excluded.refund_fen, fee_fen = m.fee_fen + excluded.fee_fen,
                            net_fen = m.net_fen + excluded.net_fen, days = m.days + 1""")
                .execute(day))
                .chain(() -> tx.preparedQuery("""
                        INSERT INTO revenue_month_split AS m (month, unit_code, item_code, channel, destination, level,
                            amount_fen)
                        SELECT $2, unit_code, item_code, channel, destination, level, amount_fen
                        FROM day_close_split WHERE business_date = $1
                        ON CONFLICT (month, unit_code, item_code, channel, destination, level) DO UPDATE SET
                            amount_fen = m.amount_fen + excluded.amount_fen""").execute(day))
                .replaceWithVoid();
    }
}
