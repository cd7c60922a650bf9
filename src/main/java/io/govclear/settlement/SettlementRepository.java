package io.govclear.settlement;

import io.govclear.common.Rows;
import io.govclear.reconciliation.RunStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** SQL of settlement batches: the set-wise build ({@link BuildSql}), state moves, and the reads of a batch. */
@ApplicationScoped
public class SettlementRepository {

    /** A line with the shares of its item, for the split. */
    record LineShares(long unitId, long itemId, long netFen, int[] sharesBp) {
    }

    /** One split part of a line with what the payout file needs of its unit and item. */
    record PayoutPart(String unitCode, String unitName, String regionCode, String settlementAccount,
            String itemCode, String itemName, String destination, String incomeClassification, String level,
            long amountFen) {
    }

    /** A held payment or refund. */
    record Held(String kind, String reference, String channel, long amountFen, String reason) {
    }

    private final Pool pool;

    public SettlementRepository(Pool pool) {
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    /** Serialises builders of every date across instances until the caller's transaction ends. */
    Uni<Void> lockBuilds(SqlClient tx) {
        return tx.query("SELECT pg_advisory_xact_lock(hashtext('govclear:settlement:build'))").execute()
                .replaceWithVoid();
    }

    /** The new batch's id, or empty when the date has its batch already (the unique key). */
    Uni<Optional<Long>> insertBatch(SqlClient tx, LocalDate date, String preparedBy, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO settlement_batch (business_date, status, gross_fen, refund_fen, fee_fen,
                                                      fee_deducted_fen, net_fen, held_fen, held_refund_fen,
                                                      carried_in_fen, prepared_by, created_at)
                        VALUES ($1, 'DRAFT', 0, 0, 0, 0, 0, 0, 0, 0, $2, $3)
                        ON CONFLICT (business_date) DO NOTHING RETURNING id""")
                .execute(Tuple.of(date, preparedBy, Rows.at(now)))
                .map(rows -> Rows.first(rows, r -> r.getLong(0)));
    }

    /**
     * Runs the build statements for batch {@code id} on the day [start, end), with {@code workMem} as the
     * transaction's work_mem.
     */
    Uni<Void> build(SqlClient tx, long id, Instant start, Instant end, String[] channels, Integer[] ratesBp,
            String workMem) {
        Tuple batch = Tuple.of(id);
        // ANALYZE gives the planner the temporary tables' sizes (it never analyses them itself).
        return tx.preparedQuery("SELECT set_config('work_mem', $1, true)").execute(Tuple.of(workMem))
                .chain(() -> tx.preparedQuery(BuildSql.CANDIDATES)
                        .execute(Tuple.from(new Object[] { Rows.at(start), Rows.at(end), channels, ratesBp })))
                .chain(() -> tx.query("ANALYZE settle_cand").execute())
                .chain(() -> tx.preparedQuery(BuildSql.ENTRIES).execute(batch))
                .chain(() -> tx.query(BuildSql.PARTS).execute())
                .chain(() -> tx.query("ANALYZE settle_parts").execute())
                .chain(() -> tx.preparedQuery(BuildSql.LINES).execute(batch))
                .chain(() -> tx.preparedQuery(BuildSql.CHANNEL_LINES).execute(batch))
                .chain(() -> tx.preparedQuery(BuildSql.FEES).execute(batch))
                .chain(() -> tx.preparedQuery(BuildSql.TOTALS).execute(batch))
                .replaceWithVoid();
    }

    Uni<List<LineShares>> lineShares(SqlClient tx, long id) {
        return tx.preparedQuery("""
                        SELECT l.unit_id, l.item_id, l.net_fen, ci.share_central_bp, ci.share_province_bp,
                               ci.share_city_bp, ci.share_county_bp, ci.share_unit_bp
                        FROM settlement_line l JOIN charge_item ci ON ci.id = l.item_id WHERE l.batch_id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> Rows.list(rows, r -> new LineShares(r.getLong(0), r.getLong(1), r.getLong(2),
                        new int[] { r.getInteger(3), r.getInteger(4), r.getInteger(5), r.getInteger(6),
                                r.getInteger(7) })));
    }

    Uni<Void> insertSplits(SqlClient tx, long id, List<Long> unitIds, List<Long> itemIds, List<String> levels,
            List<Long> amounts) {
        if (unitIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("""
                        INSERT INTO settlement_split (batch_id, unit_id, item_id, level, amount_fen)
                        SELECT $1, x.u, x.i, x.l, x.a
                        FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bigint[]) AS x(u, i, l, a)""")
                .execute(Tuple.from(new Object[] { id, unitIds.toArray(Long[]::new), itemIds.toArray(Long[]::new),
                        levels.toArray(String[]::new), amounts.toArray(Long[]::new) }))
                .replaceWithVoid();
    }

    /** Whether {@code date} has no batch yet and each of {@code channels} has a COMPLETED reconciliation run. */
    Uni<Boolean> readyToBuild(String[] channels, LocalDate date) {
        return pool.preparedQuery("""
                        SELECT count(*) FROM unnest($1::text[]) AS c(channel)
                        WHERE NOT EXISTS (SELECT 1 FROM reconciliation_run r WHERE r.channel = c.channel
                                          AND r.business_date = $2 AND r.status = $3)
                          OR EXISTS (SELECT 1 FROM settlement_batch WHERE business_date = $2)""")
                .execute(Tuple.of(channels, date, RunStatus.COMPLETED.name()))
                .map(rows -> rows.iterator().next().getLong(0) == 0);
    }

    Uni<Optional<Batch>> find(SqlClient client, LocalDate date, boolean forUpdate) {
        return client.preparedQuery("SELECT " + Batch.COLUMNS + " FROM settlement_batch WHERE business_date = $1"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(date))
                .map(rows -> Rows.first(rows, Batch::of));
    }

    /**
     * Compare-and-set of the batch's status against the transition table, recorded; the re-issue bumps the issue
     * number. Emits whether it moved.
     */
    Uni<Boolean> move(SqlClient tx, Batch batch, BatchStatus to, String actor, String detail, Instant now) {
        String event = BatchStatus.MACHINE.event(batch.status(), to);
        return tx.preparedQuery("""
                        UPDATE settlement_batch SET status = $3,
                               issue_no = issue_no + CASE WHEN $2 = 'FAILED' THEN 1 ELSE 0 END,
                               confirmed_by = CASE WHEN $3 = 'CONFIRMED' AND $2 = 'DRAFT' THEN $4 ELSE confirmed_by END,
                               confirmed_at = CASE WHEN $3 = 'CONFIRMED' AND $2 = 'DRAFT' THEN $6 ELSE confirmed_at END,
                               paid_at = CASE WHEN $3 = 'PAID' THEN $6 ELSE paid_at END,
                               failure = CASE WHEN $3 = 'FAILED' THEN $5 ELSE failure END
                        WHERE id = $1 AND status = $2
                          AND EXISTS (SELECT 1 FROM settlement_batch_transition t
                                      WHERE t.from_status = $2 AND t.to_status = $3)""")
                .execute(Tuple.from(new Object[] { batch.id(), batch.status().name(), to.name(), actor, detail,
                        Rows.at(now) }))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : tx.preparedQuery("""
                                        INSERT INTO settlement_status_change (batch_id, from_status, to_status, event,
                                                                              actor, detail, changed_at)
                                        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                                .execute(Tuple.from(new Object[] { batch.id(), batch.status().name(), to.name(),
                                        event, actor, detail, Rows.at(now) }))
                                .map(x -> true));
    }

    Uni<Void> audit(SqlClient tx, Instant now, String actor, String action, long batchId, JsonObject details) {
        return tx.preparedQuery("""
                        INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type, subject_id,
                                                 details)
                        VALUES ($1, $2, $3, $4, 'SETTLEMENT_BATCH', $5, $6)""")
                .execute(Tuple.from(new Object[] { Rows.at(now), "system".equals(actor) ? "SYSTEM" : "STAFF", actor,
                        action, Long.toString(batchId), details }))
                .replaceWithVoid();
    }

    /** Per unit: net and, per channel, the deducted and total fees ({@code channel} null on the net row). */
    /**
     * The channel's statement fees of {@code date} minus the fees of all its payments of that date at {@code bp} (as
     * the batch computes them, duplicates aside); empty when the channel's statement of the date is not reconciled.
     */
    Uni<Optional<Long>> statementFeeGap(SqlClient tx, String channel, int bp, LocalDate date, Instant start,
            Instant end) {
        return tx.preparedQuery("""
                        SELECT coalesce(r.statement_fee_fen, 0) - (
                            SELECT coalesce(sum((a.amount_fen * $2 + 5000) / 10000), 0) FROM payment_attempt a
                            WHERE a.channel = $1 AND a.status = 'SUCCEEDED' AND NOT a.duplicate
                              AND a.paid_at >= $4 AND a.paid_at < $5)
                        FROM reconciliation_run r
                        WHERE r.channel = $1 AND r.business_date = $3 AND r.status = 'COMPLETED'""")
                .execute(Tuple.of(channel, bp, date, Rows.at(start), Rows.at(end)))
                .map(rows -> Rows.first(rows, r -> r.getLong(0)));
    }

    Uni<List<Row>> unitAmounts(SqlClient tx, long id) {
        return tx.preparedQuery("""
                        SELECT u.code, NULL::varchar AS channel, sum(l.net_fen) AS net, 0::bigint AS fee,
                               0::bigint AS deducted
                        FROM settlement_line l JOIN collecting_unit u ON u.id = l.unit_id
                        WHERE l.batch_id = $1 GROUP BY u.code
                        UNION ALL
                        SELECT u.code, f.channel, 0, f.fee_fen, f.deducted_fen
                        FROM settlement_fee f JOIN collecting_unit u ON u.id = f.unit_id
                        WHERE f.batch_id = $1
                        ORDER BY 1, 2 NULLS FIRST""")
                .execute(Tuple.of(id))
                .map(rows -> Rows.list(rows, r -> r));
    }

    /** The lines of a batch with their unit and item codes and their splits (level:amount, in level order). */
    Uni<List<Row>> lines(long id) {
        return pool.preparedQuery("""
                        SELECT u.code AS unit_code, ci.code AS item_code, l.gross_fen, l.late_fee_fen, l.refund_fen,
                               l.fee_fen, l.fee_deducted, l.net_fen, ci.destination,
                               array_agg(s.level ORDER BY array_position(ARRAY['CENTRAL','PROVINCE','CITY','COUNTY',
                                   'UNIT'], s.level::text)) AS levels,
                               array_agg(s.amount_fen ORDER BY array_position(ARRAY['CENTRAL','PROVINCE','CITY',
                                   'COUNTY','UNIT'], s.level::text)) AS amounts
                        FROM settlement_line l
                        JOIN collecting_unit u ON u.id = l.unit_id
                        JOIN charge_item ci ON ci.id = l.item_id
                        LEFT JOIN settlement_split s ON s.batch_id = l.batch_id AND s.unit_id = l.unit_id
                                                    AND s.item_id = l.item_id
                        WHERE l.batch_id = $1
                        GROUP BY u.code, ci.code, l.gross_fen, l.late_fee_fen, l.refund_fen, l.fee_fen,
                                 l.fee_deducted, l.net_fen, ci.destination
                        ORDER BY u.code, ci.code""")
                .execute(Tuple.of(id))
                .map(rows -> Rows.list(rows, r -> r));
    }

    Uni<List<Held>> held(long id) {
        return pool.preparedQuery("""
                        SELECT e.kind, coalesce(a.payment_id, f.refund_id) AS reference, e.channel, e.amount_fen,
                               e.hold_reason
                        FROM settlement_entry e
                        LEFT JOIN payment_attempt a ON e.kind = 'PAYMENT' AND a.id = e.source_id
                        LEFT JOIN refund f ON e.kind = 'REFUND' AND f.id = e.source_id
                        WHERE e.batch_id = $1 AND e.held ORDER BY e.kind, reference""")
                .execute(Tuple.of(id))
                .map(rows -> Rows.list(rows, r -> new Held(r.getString(0), r.getString(1), r.getString(2),
                        r.getLong(3), r.getString(4))));
    }

    Uni<List<PayoutPart>> payoutParts(long id) {
        return pool.preparedQuery("""
                        SELECT u.code, u.name, u.region_code, u.settlement_account, ci.code, ci.name, ci.destination,
                               ci.income_classification, s.level, s.amount_fen
                        FROM settlement_split s
                        JOIN collecting_unit u ON u.id = s.unit_id
                        JOIN charge_item ci ON ci.id = s.item_id
                        WHERE s.batch_id = $1 AND s.amount_fen <> 0
                        ORDER BY ci.destination, s.level, u.region_code, u.code, ci.code""")
                .execute(Tuple.of(id))
                .map(rows -> Rows.list(rows, r -> new PayoutPart(r.getString(0), r.getString(1), r.getString(2),
                        r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                        r.getString(8), r.getLong(9))));
    }

    /**
     * The figures of the integrity check, each from its own source: the lines, the entries, the unit-payable
     * postings of the payments and refunds settled (what the books say the units were credited), the batch's own
     * settlement postings, and the splits.
     */
    Uni<Row> integrityFigures(long id, LocalDate date) {
        return pool.preparedQuery("""
                        SELECT
                          (SELECT coalesce(sum(net_fen), 0) FROM settlement_line WHERE batch_id = $1) AS lines_net,
                          (SELECT coalesce(sum(amount_fen), 0) FROM settlement_entry
                           WHERE batch_id = $1 AND kind = 'PAYMENT') AS collected,
                          (SELECT coalesce(sum(amount_fen), 0) FROM settlement_entry
                           WHERE batch_id = $1 AND kind = 'PAYMENT' AND held) AS held,
                          (SELECT coalesce(sum(amount_fen), 0) FROM settlement_entry
                           WHERE batch_id = $1 AND kind = 'REFUND' AND NOT held) AS refunds,
                          (SELECT coalesce(sum(deducted_fen), 0) FROM settlement_fee WHERE batch_id = $1) AS deducted,
                          (SELECT coalesce(sum(jl.credit_fen), 0)
                           FROM settlement_entry e JOIN payment_attempt a ON a.id = e.source_id
                           JOIN journal_entry je ON je.idempotency_key = 'payment:' || a.payment_id
                           JOIN journal_line jl ON jl.entry_id = je.id AND jl.account LIKE 'unit\\_payable:%'
                           WHERE e.batch_id = $1 AND e.kind = 'PAYMENT' AND NOT e.held) AS booked_collections,
                          (SELECT coalesce(sum(jl.debit_fen), 0)
                           FROM settlement_entry e JOIN refund f ON f.id = e.source_id
                           JOIN journal_entry je ON je.idempotency_key = 'refund:' || f.refund_id
                           JOIN journal_line jl ON jl.entry_id = je.id AND jl.account LIKE 'unit\\_payable:%'
                           WHERE e.batch_id = $1 AND e.kind = 'REFUND' AND NOT e.held) AS booked_refunds,
                          (SELECT coalesce(sum(jl.debit_fen - jl.credit_fen), 0)
                           FROM journal_entry je JOIN journal_line jl ON jl.entry_id = je.id
                           WHERE je.idempotency_key LIKE $2 AND jl.account LIKE 'unit\\_payable:%') AS unit_payable_moved,
                          (SELECT coalesce(sum(jl.credit_fen - jl.debit_fen), 0)
                           FROM journal_entry je JOIN journal_line jl ON jl.entry_id = je.id
                           WHERE je.idempotency_key LIKE $2 AND jl.account = 'settlement_outbound') AS outbound_moved,
                          (SELECT count(*) FROM settlement_line l
                           WHERE l.batch_id = $1 AND l.net_fen <> (SELECT coalesce(sum(s.amount_fen), 0)
                               FROM settlement_split s WHERE s.batch_id = l.batch_id AND s.unit_id = l.unit_id
                                 AND s.item_id = l.item_id)) AS bad_splits""")
                .execute(Tuple.of(id, SettlementPostings.keyPrefix(date) + "unit:%"))
                .map(rows -> rows.iterator().next());
    }
}
