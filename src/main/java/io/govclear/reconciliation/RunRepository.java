package io.govclear.reconciliation;

import static io.govclear.reconciliation.RunStatus.COMPLETED;
import static io.govclear.reconciliation.RunStatus.FAILED;
import static io.govclear.reconciliation.RunStatus.PENDING;
import static io.govclear.reconciliation.RunStatus.RUNNING;
import static io.govclear.reconciliation.RunStatus.WAITING_STATEMENT;

import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.Rows;
import io.govclear.counter.BankAnswerCode;
import io.govclear.reconciliation.statement.StatementTotals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reconciliation runs in SQL. Runs are created once per (channel, business date) by a unique key and claimed by
 * compare-and-set (or SKIP LOCKED for the next due run), so N instances never work on one run at once; every move is
 * an edge of {@link RunStatus#MACHINE}. Matching is set-wise ({@link MatchSql}); the discrepancies it writes are
 * {@link DiscrepancyRepository}'s.
 */
@Singleton
public class RunRepository {

    /** Which runs a claim may take at $1 (now): each is an edge to RUNNING in {@link RunStatus#MACHINE}. */
    private static final String CLAIMABLE = claimable();

    @Inject Pool pool;

    /** The run for (channel, date), created if there is none; created says whether this call made it. */
    public record Opened(Run run, boolean created) {
    }

    public Uni<Opened> open(Channel channel, LocalDate businessDate, String requestedBy, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        INSERT INTO reconciliation_run (channel, business_date, status, requested_by, created_at,
                                                        next_try_at)
                        SELECT $1::varchar, $2::date, $5::varchar, $3::varchar, $4::timestamptz, $4::timestamptz
                        -- the scheduler asks every minute: no identity value used up when the run exists
                        WHERE NOT EXISTS (SELECT 1 FROM reconciliation_run WHERE channel = $1 AND business_date = $2)
                        ON CONFLICT (channel, business_date) DO NOTHING RETURNING id""")
                .execute(Tuple.of(channel.name(), businessDate, requestedBy, Rows.at(now), PENDING.name()))
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

    /** The runs of a business date, one per channel at most, by channel. */
    public Uni<java.util.List<Run>> ofDay(LocalDate businessDate) {
        return pool.preparedQuery("SELECT " + Run.COLUMNS + " FROM reconciliation_run WHERE business_date = $1"
                        + " ORDER BY channel").execute(Tuple.of(businessDate))
                .map(rows -> Rows.list(rows, Run::of));
    }

    public Uni<Optional<Run>> find(long id) {
        return pool.preparedQuery("SELECT " + Run.COLUMNS + " FROM reconciliation_run WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, Run::of));
    }

    /** Where a running run is (FETCH, LOAD, MATCH, RESOLVE), for the people following it. */
    public Uni<Void> phase(long id, String phase) {
        return pool.preparedQuery("UPDATE reconciliation_run SET phase = $2 WHERE id = $1 AND status = '" + RUNNING
                        + "'").execute(Tuple.of(id, phase)).replaceWithVoid();
    }

    /** Claims one run if it is claimable now (compare-and-set). */
    public Uni<Optional<Run>> claim(long id, Instant now, Instant leaseUntil) {
        return pool.preparedQuery("UPDATE reconciliation_run SET status = '" + RUNNING + "', lease_until = $2, started_at = $1,"
                        + " error = NULL WHERE id = $3 AND " + CLAIMABLE + " RETURNING " + Run.COLUMNS)
                .execute(Tuple.of(Rows.at(now), Rows.at(leaseUntil), id))
                .map(rows -> Rows.first(rows, Run::of));
    }

    /** Claims the oldest due run no other instance holds. */
    public Uni<Optional<Run>> claimDue(Instant now, Instant leaseUntil) {
        return pool.preparedQuery("UPDATE reconciliation_run SET status = '" + RUNNING + "', lease_until = $2, started_at = $1,"
                        + " error = NULL WHERE id = (SELECT id FROM reconciliation_run WHERE " + CLAIMABLE
                        + " ORDER BY business_date, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + Run.COLUMNS)
                .execute(Tuple.of(Rows.at(now), Rows.at(leaseUntil)))
                .map(rows -> Rows.first(rows, Run::of));
    }

    /** The statement is not ready: try again later. */
    public Uni<Void> waitForStatement(long id, Instant nextTry, String detail) {
        return pool.preparedQuery(fromRunning(WAITING_STATEMENT, "next_try_at = $2, lease_until = NULL, error = $3"))
                .execute(Tuple.of(id, Rows.at(nextTry), truncate(detail, 1000)))
                .replaceWithVoid();
    }

    /** The run failed; none of its statement lines stay. */
    public Uni<Void> fail(long id, Instant now, String error) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM statement_line WHERE run_id = $1")
                .execute(Tuple.of(id))
                .chain(() -> tx.preparedQuery(fromRunning(FAILED, "error = $2, lease_until = NULL, finished_at = $3"))
                        .execute(Tuple.of(id, truncate(error, 1000), Rows.at(now)))))
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
        Object[] platform = { run.id(), channel, run.generation(), Rows.at(now), from, to, run.businessDate(), !bank };
        return pool.withTransaction(tx -> tx.query(MatchSql.MATCH_MEMORY).execute()
                .chain(() -> tx.preparedQuery(MatchSql.MATCH_STATEMENT)
                        .execute(Tuple.from(new Object[] { run.id(), channel, run.generation(), Rows.at(now),
                                BankDay.prefix(bank, BankAnswerCode.NEVER_SENT_INTRADAY),
                                BankDay.prefix(bank, BankAnswerCode.DAY_END_AMOUNT_DIFFERS) })))
                .chain(() -> tx.preparedQuery(MatchSql.MATCH_PLATFORM).execute(Tuple.from(append(platform,
                        BankDay.prefix(bank, BankAnswerCode.MISSING_FROM_DAY_END_FILE)))))
                .chain(() -> tx.preparedQuery(MatchSql.MATCH_REFUNDS)
                        .execute(Tuple.of(run.id(), channel, run.generation(), Rows.at(now))))
                .chain(() -> tx.preparedQuery(MatchSql.MATCH_PLATFORM_REFUNDS).execute(Tuple.from(platform)))
                .chain(() -> tx.preparedQuery(MatchSql.FOUND_LATER)
                        .execute(Tuple.of(run.id(), channel, run.businessDate(), Rows.at(now))))
                .chain(() -> tx.preparedQuery(MatchSql.MISSING_TWICE)
                        .execute(Tuple.of(channel, run.businessDate())))
                .chain(() -> tx.preparedQuery(MatchSql.PLATFORM_TOTALS)
                        .execute(Tuple.of(run.id(), channel, from, to)))
                .chain(() -> tx.preparedQuery(MatchSql.PLATFORM_REFUND_TOTALS)
                        .execute(Tuple.of(run.id(), channel, from, to))))
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
        return pool.withTransaction(tx -> tx.preparedQuery(fromRunning(COMPLETED,
                        "lease_until = NULL, error = NULL, finished_at = $2"))
                .execute(Tuple.of(run.id(), Rows.at(now)))
                .chain(done -> done.rowCount() == 1 && BankDay.isBank(run.channel())
                        ? tx.preparedQuery("UPDATE bank_confirmation SET reconciled_at = $3 WHERE bank = $1"
                                        + " AND business_date = $2 AND reconciled_at IS NULL")
                                .execute(Tuple.of(BankDay.bank(run.channel()).name(), run.businessDate(), Rows.at(now)))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem()));
    }

    /** The run, locked for the rest of the transaction. */
    public Uni<Optional<Run>> lock(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT " + Run.COLUMNS + " FROM reconciliation_run WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, Run::of));
    }

    /** A supervisor's re-run: the run goes back to PENDING under a new generation. */
    public Uni<Void> restart(SqlClient tx, Run run, Instant now) {
        RunStatus.MACHINE.event(run.status(), PENDING);
        return tx.preparedQuery("""
                        UPDATE reconciliation_run SET status = $3, generation = generation + 1, error = NULL,
                               lease_until = NULL, next_try_at = $2, started_at = NULL, finished_at = NULL,
                               matched_count = NULL, matched_fen = NULL, platform_count = NULL, platform_fen = NULL,
                               refund_matched_count = NULL, refund_matched_fen = NULL, platform_refund_count = NULL,
                               platform_refund_fen = NULL
                        WHERE id = $1 AND status = $4""")
                .execute(Tuple.of(run.id(), Rows.at(now), PENDING.name(), run.status().name()))
                .replaceWithVoid();
    }

    /** Appends to the audit log (append-only), in the caller's transaction. */
    public Uni<Void> audit(SqlClient tx, Instant now, String actor, String action, String subjectType,
            long subjectId, JsonObject details) {
        return tx.preparedQuery("""
                        INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type, subject_id,
                                                 details)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(new Object[] { Rows.at(now), "system".equals(actor) ? "SYSTEM" : "STAFF", actor,
                        action, subjectType, Long.toString(subjectId), details }))
                .replaceWithVoid();
    }

    private static Object[] append(Object[] values, Object last) {
        Object[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }

    private static String claimable() {
        RunStatus.MACHINE.event(PENDING, RUNNING);
        RunStatus.MACHINE.event(WAITING_STATEMENT, RUNNING);
        RunStatus.MACHINE.event(RUNNING, RUNNING);
        return "(status = '" + PENDING + "' OR (status = '" + WAITING_STATEMENT + "' AND next_try_at <= $1)"
                + " OR (status = '" + RUNNING + "' AND lease_until < $1))";
    }

    /** A compare-and-set of one run out of RUNNING; the edge is checked first. */
    private static String fromRunning(RunStatus to, String set) {
        RunStatus.MACHINE.event(RUNNING, to);
        return "UPDATE reconciliation_run SET status = '" + to + "', " + set + " WHERE id = $1 AND status = '"
                + RUNNING + "'";
    }

    static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
