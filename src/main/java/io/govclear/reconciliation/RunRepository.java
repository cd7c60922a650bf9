package io.govclear.reconciliation;

import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.counter.BankAnswerCode;
import io.govclear.reconciliation.statement.StatementTotals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs and discrepancies in SQL. Runs are created once per (channel, business date) by a unique key and claimed by
 * compare-and-set (or SKIP LOCKED for the next due run), so N instances never work on one run at once. Matching is
 * set-wise: a handful of statements over the whole statement and the day's attempts, whatever their number.
 */
@Singleton
public class RunRepository {

    private static final String CLAIMABLE = "(status = 'PENDING' OR (status = 'WAITING_STATEMENT' AND next_try_at <= $1)"
            + " OR (status = 'RUNNING' AND lease_until < $1))";

    /** Statement payments against our attempts by payment id: every class except PLATFORM_ONLY. */
    private static final String MATCH_STATEMENT = """
            WITH l AS (
                SELECT payment_id, sum(amount_fen) AS amount_fen, min(channel_trade_no) AS trade_no
                FROM statement_line WHERE run_id = $1 AND kind = 'PAYMENT' GROUP BY payment_id
            ), c AS (
                SELECT l.payment_id, l.amount_fen, l.trade_no, a.id AS attempt_id, a.status,
                       a.amount_fen AS platform_fen,
                       CASE WHEN a.id IS NULL THEN 'CHANNEL_ONLY'
                            WHEN a.status <> 'SUCCEEDED' THEN 'STATUS_MISMATCH'
                            WHEN a.duplicate THEN 'DUPLICATE_PAYMENT'
                            WHEN a.amount_fen <> l.amount_fen THEN 'AMOUNT_MISMATCH'
                            ELSE 'MATCHED' END AS class
                FROM l LEFT JOIN payment_attempt a ON a.payment_id = l.payment_id AND a.channel = $2
            ), d AS (
                INSERT INTO discrepancy (run_id, generation, class, status, payment_id, attempt_id, channel_trade_no,
                                         attempt_status, statement_fen, platform_fen, detail, created_at)
                SELECT $1::bigint, $3::integer, c.class, 'OPEN', c.payment_id, c.attempt_id, c.trade_no, c.status, c.amount_fen,
                       c.platform_fen,
                       CASE c.class WHEN 'CHANNEL_ONLY' THEN $5::text || 'the channel lists a payment we have no attempt for'
                                    WHEN 'STATUS_MISMATCH' THEN 'the channel says paid, we hold ' || c.status
                                    WHEN 'DUPLICATE_PAYMENT' THEN 'a second success for a bill already paid'
                                    ELSE $6::text || 'the channel lists ' || c.amount_fen || ' fen, we hold '
                                         || c.platform_fen
                       END, $4::timestamptz
                FROM c
                WHERE c.class <> 'MATCHED' AND NOT EXISTS (
                    SELECT 1 FROM discrepancy r WHERE r.run_id = $1 AND r.generation < $3 AND r.class = c.class
                                                  AND r.payment_id = c.payment_id AND r.refund_id IS NULL
                                                  AND r.status = 'RESOLVED')
                ON CONFLICT DO NOTHING
            )
            UPDATE reconciliation_run
            SET matched_count = (SELECT count(*) FROM c WHERE class = 'MATCHED'),
                matched_fen = (SELECT coalesce(sum(amount_fen), 0) FROM c WHERE class = 'MATCHED')
            WHERE id = $1""";

    /**
     * Our successes of the day that no statement of the channel lists (this file, or a neighbouring day's already
     * loaded): they wait for the next day's file (PENDING_NEXT_DAY), unless that day's run is done already or the
     * channel's file is final for its day ($8 false: a bank's day-end file) (OPEN).
     */
    private static final String MATCH_PLATFORM = """
            INSERT INTO discrepancy (run_id, generation, class, status, payment_id, attempt_id, channel_trade_no,
                                     attempt_status, platform_fen, detail, created_at)
            SELECT $1::bigint, $3::integer, 'PLATFORM_ONLY',
                   CASE WHEN NOT $8::boolean OR EXISTS (SELECT 1 FROM reconciliation_run n WHERE n.channel = $2
                                     AND n.business_date = $7::date + 1 AND n.status = 'COMPLETED')
                        THEN 'OPEN' ELSE 'PENDING_NEXT_DAY' END,
                   a.payment_id, a.id, a.channel_trade_no, a.status, a.amount_fen,
                   $9::text || 'we hold a success the channel does not list', $4::timestamptz
            FROM payment_attempt a
            WHERE a.channel = $2 AND a.status = 'SUCCEEDED' AND a.paid_at >= $5 AND a.paid_at < $6
              AND NOT EXISTS (SELECT 1 FROM statement_line s JOIN reconciliation_run r ON r.id = s.run_id
                              WHERE s.payment_id = a.payment_id AND s.kind = 'PAYMENT' AND r.channel = $2)
              AND NOT EXISTS (SELECT 1 FROM discrepancy r WHERE r.run_id = $1 AND r.generation < $3
                              AND r.class = 'PLATFORM_ONLY' AND r.payment_id = a.payment_id
                              AND r.refund_id IS NULL AND r.status = 'RESOLVED')
            ON CONFLICT DO NOTHING""";

    /** Earlier days' missing successes (or refunds) that this file lists after all (crossed midnight): not missing. */
    private static final String FOUND_LATER = """
            UPDATE discrepancy d
            SET status = 'RESOLVED', resolution = 'FOUND_NEXT_DAY', resolved_by = 'system', resolved_at = $4,
                detail = d.detail || '; listed in the statement of ' || to_char($3::date, 'YYYY-MM-DD')
            FROM reconciliation_run r
            WHERE d.run_id = r.id AND r.channel = $2 AND r.business_date < $3::date AND d.class = 'PLATFORM_ONLY'
              AND d.status = 'PENDING_NEXT_DAY'
              AND ((d.refund_id IS NULL AND EXISTS (SELECT 1 FROM statement_line s WHERE s.run_id = $1
                                                       AND s.payment_id = d.payment_id AND s.kind = 'PAYMENT'))
                   OR (d.refund_id IS NOT NULL AND EXISTS (SELECT 1 FROM statement_line s WHERE s.run_id = $1
                                                           AND s.refund_id = d.refund_id AND s.kind = 'REFUND')))""";

    /** The previous day's missing successes that this (next) day's file does not list either: now they count. */
    private static final String MISSING_TWICE = """
            UPDATE discrepancy d SET status = 'OPEN', detail = d.detail || '; not in the next day''s statement either'
            FROM reconciliation_run r
            WHERE d.run_id = r.id AND r.channel = $1 AND r.business_date = $2::date - 1
              AND d.status = 'PENDING_NEXT_DAY'""";

    /**
     * Statement refunds against our refunds by refund id (the id the channel saw): MATCHED, CHANNEL_ONLY (no refund
     * of ours), STATUS_MISMATCH (we do not hold it SUCCEEDED: SUBMITTED waits for the channel's answer),
     * AMOUNT_MISMATCH. The discrepancy names the refunded payment (ours, else the line's) and the refund.
     */
    private static final String MATCH_REFUNDS = """
            WITH l AS (
                SELECT refund_id, sum(amount_fen) AS amount_fen, min(payment_id) AS line_payment_id,
                       min(channel_trade_no) AS trade_no
                FROM statement_line WHERE run_id = $1 AND kind = 'REFUND' GROUP BY refund_id
            ), c AS (
                SELECT l.refund_id, l.amount_fen, l.trade_no, coalesce(a.payment_id, l.line_payment_id) AS payment_id,
                       f.attempt_id, f.status, f.amount_fen AS platform_fen,
                       CASE WHEN f.id IS NULL THEN 'CHANNEL_ONLY'
                            WHEN f.status <> 'SUCCEEDED' THEN 'STATUS_MISMATCH'
                            WHEN f.amount_fen <> l.amount_fen THEN 'AMOUNT_MISMATCH'
                            ELSE 'MATCHED' END AS class
                FROM l LEFT JOIN refund f ON f.refund_id = l.refund_id AND f.channel = $2
                       LEFT JOIN payment_attempt a ON a.id = f.attempt_id
            ), d AS (
                INSERT INTO discrepancy (run_id, generation, class, status, payment_id, refund_id, attempt_id,
                                         channel_trade_no, attempt_status, statement_fen, platform_fen, detail,
                                         created_at)
                SELECT $1::bigint, $3::integer, c.class, 'OPEN', c.payment_id, c.refund_id, c.attempt_id, c.trade_no,
                       c.status, c.amount_fen, c.platform_fen,
                       CASE c.class WHEN 'CHANNEL_ONLY' THEN 'the channel lists a refund we have no record of'
                                    WHEN 'STATUS_MISMATCH' THEN 'the channel says refunded, we hold ' || c.status
                                    ELSE 'the channel refunded ' || c.amount_fen || ' fen, we hold '
                                         || c.platform_fen
                       END, $4::timestamptz
                FROM c
                WHERE c.class <> 'MATCHED' AND NOT EXISTS (
                    SELECT 1 FROM discrepancy r WHERE r.run_id = $1 AND r.generation < $3 AND r.class = c.class
                                                  AND r.refund_id = c.refund_id AND r.status = 'RESOLVED')
                ON CONFLICT DO NOTHING
            )
            UPDATE reconciliation_run
            SET refund_matched_count = (SELECT count(*) FROM c WHERE class = 'MATCHED'),
                refund_matched_fen = (SELECT coalesce(sum(amount_fen), 0) FROM c WHERE class = 'MATCHED')
            WHERE id = $1""";

    /** Our refunds that succeeded that day and no statement of the channel lists: as for payments. */
    private static final String MATCH_PLATFORM_REFUNDS = """
            INSERT INTO discrepancy (run_id, generation, class, status, payment_id, refund_id, attempt_id,
                                     channel_trade_no, attempt_status, platform_fen, detail, created_at)
            SELECT $1::bigint, $3::integer, 'PLATFORM_ONLY',
                   CASE WHEN NOT $8::boolean OR EXISTS (SELECT 1 FROM reconciliation_run n WHERE n.channel = $2
                                     AND n.business_date = $7::date + 1 AND n.status = 'COMPLETED')
                        THEN 'OPEN' ELSE 'PENDING_NEXT_DAY' END,
                   a.payment_id, f.refund_id, f.attempt_id, f.channel_refund_no, f.status, f.amount_fen,
                   'we hold a refund the channel does not list', $4::timestamptz
            FROM refund f JOIN payment_attempt a ON a.id = f.attempt_id
            WHERE f.channel = $2 AND f.status = 'SUCCEEDED' AND f.succeeded_at >= $5 AND f.succeeded_at < $6
              AND NOT EXISTS (SELECT 1 FROM statement_line s JOIN reconciliation_run r ON r.id = s.run_id
                              WHERE s.refund_id = f.refund_id AND s.kind = 'REFUND' AND r.channel = $2)
              AND NOT EXISTS (SELECT 1 FROM discrepancy r WHERE r.run_id = $1 AND r.generation < $3
                              AND r.class = 'PLATFORM_ONLY' AND r.refund_id = f.refund_id
                              AND r.status = 'RESOLVED')
            ON CONFLICT DO NOTHING""";

    private static final String PLATFORM_REFUND_TOTALS = """
            UPDATE reconciliation_run SET platform_refund_count = x.n, platform_refund_fen = x.fen
            FROM (SELECT count(*) AS n, coalesce(sum(amount_fen), 0) AS fen FROM refund
                  WHERE channel = $2 AND status = 'SUCCEEDED' AND succeeded_at >= $3 AND succeeded_at < $4) x
            WHERE id = $1""";

    private static final String PLATFORM_TOTALS = """
            UPDATE reconciliation_run SET platform_count = x.n, platform_fen = x.fen
            FROM (SELECT count(*) AS n, coalesce(sum(amount_fen), 0) AS fen FROM payment_attempt
                  WHERE channel = $2 AND status = 'SUCCEEDED' AND paid_at >= $3 AND paid_at < $4) x
            WHERE id = $1""";

    /**
     * Memory for the match transaction alone: a day's statement (a million lines) is grouped and joined in hashes
     * held in memory instead of sorts spilled to disk and a million index look-ups.
     */
    private static final String MATCH_MEMORY = "SET LOCAL work_mem = '128MB'";

    private final Pool pool;

    public RunRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /** The run for (channel, date), created if there is none; created says whether this call made it. */
    public record Opened(Run run, boolean created) {
    }

    public Uni<Opened> open(Channel channel, LocalDate businessDate, String requestedBy, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        INSERT INTO reconciliation_run (channel, business_date, status, requested_by, created_at,
                                                        next_try_at)
                        SELECT $1::varchar, $2::date, 'PENDING', $3::varchar, $4::timestamptz, $4::timestamptz
                        -- the scheduler asks every minute: no identity value used up when the run exists
                        WHERE NOT EXISTS (SELECT 1 FROM reconciliation_run WHERE channel = $1 AND business_date = $2)
                        ON CONFLICT (channel, business_date) DO NOTHING RETURNING id""")
                .execute(Tuple.of(channel.name(), businessDate, requestedBy, at(now)))
                .chain(rows -> {
                    boolean created = rows.iterator().hasNext();
                    Uni<Void> audited = created
                            ? audit(tx, now, requestedBy, "RECONCILIATION_REQUESTED", "RECONCILIATION_RUN",
                                    rows.iterator().next().getLong(0), new JsonObject())
                            : Uni.createFrom().voidItem();
                    return audited.chain(() -> tx.preparedQuery("SELECT " + Run.COLUMNS
                                    + " FROM reconciliation_run WHERE channel = $1 AND business_date = $2")
                            .execute(Tuple.of(channel.name(), businessDate)))
                            .map(found -> new Opened(Run.of(found.iterator().next()), created));
                }));
    }

    public Uni<Optional<Run>> find(long id) {
        return pool.preparedQuery("SELECT " + Run.COLUMNS + " FROM reconciliation_run WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(Run.of(rows.iterator().next())) : Optional.empty());
    }

    /** Claims one run if it is claimable now (compare-and-set). */
    public Uni<Optional<Run>> claim(long id, Instant now, Instant leaseUntil) {
        return pool.preparedQuery("UPDATE reconciliation_run SET status = 'RUNNING', lease_until = $2, started_at = $1,"
                        + " error = NULL WHERE id = $3 AND " + CLAIMABLE + " RETURNING " + Run.COLUMNS)
                .execute(Tuple.of(at(now), at(leaseUntil), id))
                .map(RunRepository::first);
    }

    /** Claims the oldest due run no other instance holds. */
    public Uni<Optional<Run>> claimDue(Instant now, Instant leaseUntil) {
        return pool.preparedQuery("UPDATE reconciliation_run SET status = 'RUNNING', lease_until = $2, started_at = $1,"
                        + " error = NULL WHERE id = (SELECT id FROM reconciliation_run WHERE " + CLAIMABLE
                        + " ORDER BY business_date, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + Run.COLUMNS)
                .execute(Tuple.of(at(now), at(leaseUntil)))
                .map(RunRepository::first);
    }

    /** The statement is not ready: try again later. */
    public Uni<Void> waitForStatement(long id, Instant nextTry, String detail) {
        return pool.preparedQuery("UPDATE reconciliation_run SET status = 'WAITING_STATEMENT', next_try_at = $2,"
                        + " lease_until = NULL, error = $3 WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(id, at(nextTry), truncate(detail, 1000)))
                .replaceWithVoid();
    }

    /** The run failed; none of its statement lines stay. */
    public Uni<Void> fail(long id, Instant now, String error) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM statement_line WHERE run_id = $1")
                .execute(Tuple.of(id))
                .chain(() -> tx.preparedQuery("UPDATE reconciliation_run SET status = 'FAILED', error = $2,"
                                + " lease_until = NULL, finished_at = $3 WHERE id = $1")
                        .execute(Tuple.of(id, truncate(error, 1000), at(now)))))
                .replaceWithVoid();
    }

    public Uni<Void> loaded(long id, StatementTotals totals) {
        return pool.preparedQuery("""
                        UPDATE reconciliation_run SET statement_lines = $2, statement_payment_count = $3,
                               statement_payment_fen = $4, statement_refund_count = $5, statement_refund_fen = $6,
                               statement_fee_fen = $7
                        WHERE id = $1""")
                .execute(Tuple.from(new Object[] { id, totals.lines(), totals.paymentCount(), totals.paymentFen(),
                        totals.refundCount(), totals.refundFen(), totals.feeFen() }))
                .replaceWithVoid();
    }

    /** Matches the loaded statement against our books, set-wise, in one transaction. */
    public Uni<Void> match(Run run, Instant now) {
        OffsetDateTime from = run.businessDate().atStartOfDay(Clocks.BUSINESS_ZONE).toOffsetDateTime();
        OffsetDateTime to = run.businessDate().plusDays(1).atStartOfDay(Clocks.BUSINESS_ZONE).toOffsetDateTime();
        String channel = run.channel().name();
        boolean bank = BankDay.isBank(run.channel());
        Object[] platform = { run.id(), channel, run.generation(), at(now), from, to, run.businessDate(), !bank };
        return pool.withTransaction(tx -> tx.query(MATCH_MEMORY).execute()
                .chain(() -> tx.preparedQuery(MATCH_STATEMENT)
                        .execute(Tuple.from(new Object[] { run.id(), channel, run.generation(), at(now),
                                BankDay.prefix(bank, BankAnswerCode.NEVER_SENT_INTRADAY),
                                BankDay.prefix(bank, BankAnswerCode.DAY_END_AMOUNT_DIFFERS) })))
                .chain(() -> tx.preparedQuery(MATCH_PLATFORM).execute(Tuple.from(append(platform,
                        BankDay.prefix(bank, BankAnswerCode.MISSING_FROM_DAY_END_FILE)))))
                .chain(() -> tx.preparedQuery(MATCH_REFUNDS)
                        .execute(Tuple.of(run.id(), channel, run.generation(), at(now))))
                .chain(() -> tx.preparedQuery(MATCH_PLATFORM_REFUNDS).execute(Tuple.from(platform)))
                .chain(() -> tx.preparedQuery(FOUND_LATER)
                        .execute(Tuple.of(run.id(), channel, run.businessDate(), at(now))))
                .chain(() -> tx.preparedQuery(MISSING_TWICE).execute(Tuple.of(channel, run.businessDate())))
                .chain(() -> tx.preparedQuery(PLATFORM_TOTALS).execute(Tuple.of(run.id(), channel, from, to)))
                .chain(() -> tx.preparedQuery(PLATFORM_REFUND_TOTALS).execute(Tuple.of(run.id(), channel, from, to))))
                .replaceWithVoid();
    }

    /** When the channel says a payment was completed, per its first statement line in this run. */
    public Uni<Optional<Instant>> completedAt(long runId, String paymentId) {
        return pool.preparedQuery("SELECT min(completed_at) FROM statement_line WHERE run_id = $1 AND payment_id = $2"
                        + " AND kind = 'PAYMENT'")
                .execute(Tuple.of(runId, paymentId))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime(0))
                        .map(OffsetDateTime::toInstant));
    }

    /**
     * The run is done. For a bank, in the same transaction, the bank's confirmations of that day are marked
     * reconciled: from then on the counter API refuses to reverse them (ALREADY_RECONCILED).
     */
    public Uni<Void> complete(Run run, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE reconciliation_run SET status = 'COMPLETED',"
                        + " lease_until = NULL, error = NULL, finished_at = $2 WHERE id = $1 AND status = 'RUNNING'")
                .execute(Tuple.of(run.id(), at(now)))
                .chain(done -> done.rowCount() == 1 && BankDay.isBank(run.channel())
                        ? tx.preparedQuery("UPDATE bank_confirmation SET reconciled_at = $3 WHERE bank = $1"
                                        + " AND business_date = $2 AND reconciled_at IS NULL")
                                .execute(Tuple.of(BankDay.bank(run.channel()).name(), run.businessDate(), at(now)))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem()));
    }

    /** The channel's discrepancies waiting for automatic resolution (any run: a previous day's may be due now). */
    public Uni<List<Discrepancy>> open(Channel channel) {
        return pool.preparedQuery("SELECT " + prefixed("d") + " FROM discrepancy d JOIN reconciliation_run r"
                        + " ON r.id = d.run_id WHERE r.channel = $1 AND d.status = 'OPEN' ORDER BY d.id")
                .execute(Tuple.of(channel.name()))
                .map(RunRepository::discrepancies);
    }

    public Uni<List<Discrepancy>> discrepancies(long runId, String discrepancyClass, String status) {
        return pool.preparedQuery("SELECT " + Discrepancy.COLUMNS + " FROM discrepancy WHERE run_id = $1"
                        + " AND ($2::text IS NULL OR class = $2::text) AND ($3::text IS NULL OR status = $3::text) ORDER BY id")
                .execute(Tuple.of(runId, discrepancyClass, status))
                .map(RunRepository::discrepancies);
    }

    public Uni<Optional<Discrepancy>> discrepancy(SqlClient client, long runId, long id) {
        return client.preparedQuery("SELECT " + Discrepancy.COLUMNS + " FROM discrepancy WHERE run_id = $1 AND id = $2")
                .execute(Tuple.of(runId, id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(Discrepancy.of(rows.iterator().next()))
                        : Optional.empty());
    }

    /**
     * Per class, status and side (current generation): count and amount (the statement's, else ours); refund says
     * whether the discrepancies are about refunds.
     */
    public record ClassTotals(DiscrepancyClass discrepancyClass, String status, boolean refund, long count,
            long amountFen) {
    }

    public Uni<List<ClassTotals>> classTotals(Run run) {
        return pool.preparedQuery("""
                        SELECT class, status, refund_id IS NOT NULL AS refund, count(*) AS n,
                               coalesce(sum(coalesce(statement_fen, platform_fen)), 0) AS fen
                        FROM discrepancy WHERE run_id = $1 AND generation = $2
                        GROUP BY class, status, refund_id IS NOT NULL""")
                .execute(Tuple.of(run.id(), run.generation()))
                .map(rows -> {
                    List<ClassTotals> totals = new ArrayList<>();
                    for (Row r : rows) {
                        totals.add(new ClassTotals(DiscrepancyClass.valueOf(r.getString("class")),
                                r.getString("status"), r.getBoolean("refund"), r.getLong("n"), r.getLong("fen")));
                    }
                    return totals;
                });
    }

    /** Compare-and-set of a discrepancy's status with its resolution; false when it was not in {@code from}. */
    public Uni<Boolean> settle(SqlClient tx, long id, DiscrepancyStatus from, DiscrepancyStatus to, String resolution,
            String by, long suspenseFen, String detail, Instant now) {
        return tx.preparedQuery("""
                        UPDATE discrepancy SET status = $3, resolution = $4, resolved_by = $5, suspense_fen = $6,
                               detail = coalesce($7, detail),
                               resolved_at = CASE WHEN $9 THEN $8::timestamptz END
                        WHERE id = $1 AND status = $2""")
                .execute(Tuple.from(new Object[] { id, from.name(), to.name(), resolution, by, suspenseFen,
                        truncate(detail, 500), at(now),
                        to == DiscrepancyStatus.AUTO_RESOLVED || to == DiscrepancyStatus.RESOLVED }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The run, locked for the rest of the transaction. */
    public Uni<Optional<Run>> lock(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT " + Run.COLUMNS + " FROM reconciliation_run WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(RunRepository::first);
    }

    public Uni<List<Discrepancy>> current(SqlClient tx, Run run) {
        return tx.preparedQuery("SELECT " + Discrepancy.COLUMNS + " FROM discrepancy WHERE run_id = $1"
                        + " AND generation = $2 ORDER BY id")
                .execute(Tuple.of(run.id(), run.generation()))
                .map(RunRepository::discrepancies);
    }

    /** A supervisor's re-run: the run goes back to PENDING under a new generation. */
    public Uni<Void> restart(SqlClient tx, long id, Instant now) {
        return tx.preparedQuery("""
                        UPDATE reconciliation_run SET status = 'PENDING', generation = generation + 1, error = NULL,
                               lease_until = NULL, next_try_at = $2, started_at = NULL, finished_at = NULL,
                               matched_count = NULL, matched_fen = NULL, platform_count = NULL, platform_fen = NULL,
                               refund_matched_count = NULL, refund_matched_fen = NULL, platform_refund_count = NULL,
                               platform_refund_fen = NULL
                        WHERE id = $1""")
                .execute(Tuple.of(id, at(now)))
                .replaceWithVoid();
    }

    /** Appends to the audit log (append-only), in the caller's transaction. */
    public Uni<Void> audit(SqlClient tx, Instant now, String actor, String action, String subjectType,
            long subjectId, JsonObject details) {
        return tx.preparedQuery("""
                        INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type, subject_id,
                                                 details)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(new Object[] { at(now), "system".equals(actor) ? "SYSTEM" : "STAFF", actor, action,
                        subjectType, Long.toString(subjectId), details }))
                .replaceWithVoid();
    }

    private static Object[] append(Object[] values, Object last) {
        Object[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }

    private static List<Discrepancy> discrepancies(RowSet<Row> rows) {
        List<Discrepancy> list = new ArrayList<>();
        rows.forEach(r -> list.add(Discrepancy.of(r)));
        return list;
    }

    private static Optional<Run> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(Run.of(rows.iterator().next())) : Optional.empty();
    }

    private static String prefixed(String alias) {
        return alias + "." + Discrepancy.COLUMNS.replace(", ", ", " + alias + ".");
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.ofHours(8));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
