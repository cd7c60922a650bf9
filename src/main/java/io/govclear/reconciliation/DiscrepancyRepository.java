package io.govclear.reconciliation;

import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's discrepancies in SQL: read per run, per channel or per class, and settled by compare-and-set through
 * {@link DiscrepancyStatus#MACHINE}. They are written set-wise by the run's matching ({@link MatchSql}).
 */
@Singleton
public class DiscrepancyRepository {

    @Inject Pool pool;

    /** The channel's discrepancies waiting for automatic resolution (any run: a previous day's may be due now). */
    /** Discrepancies waiting for a person: open ones and those whose amount sits in suspense. */
    public Uni<Long> countAwaitingDecision() {
        return pool.preparedQuery("SELECT count(*) AS n FROM discrepancy WHERE status IN ('OPEN', 'SUSPENSE')")
                .execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<List<Discrepancy>> openOf(Channel channel) {
        return pool.preparedQuery("SELECT " + prefixed("d") + " FROM discrepancy d JOIN reconciliation_run r"
                        + " ON r.id = d.run_id WHERE r.channel = $1 AND d.status = $2 ORDER BY d.id")
                .execute(Tuple.of(channel.name(), DiscrepancyStatus.OPEN.name()))
                .map(rows -> Rows.list(rows, Discrepancy::of));
    }

    public Uni<List<Discrepancy>> ofRun(long runId, DiscrepancyClass discrepancyClass, DiscrepancyStatus status) {
        return pool.preparedQuery("SELECT " + Discrepancy.COLUMNS + " FROM discrepancy WHERE run_id = $1"
                        + " AND ($2::text IS NULL OR class = $2::text) AND ($3::text IS NULL OR status = $3::text) ORDER BY id")
                .execute(Tuple.of(runId, discrepancyClass == null ? null : discrepancyClass.name(),
                        status == null ? null : status.name()))
                .map(rows -> Rows.list(rows, Discrepancy::of));
    }

    public Uni<Optional<Discrepancy>> find(SqlClient client, long runId, long id) {
        return client.preparedQuery("SELECT " + Discrepancy.COLUMNS + " FROM discrepancy WHERE run_id = $1 AND id = $2")
                .execute(Tuple.of(runId, id))
                .map(rows -> Rows.first(rows, Discrepancy::of));
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
        DiscrepancyStatus.MACHINE.event(from, to);
        return tx.preparedQuery("""
                        UPDATE discrepancy SET status = $3, resolution = $4, resolved_by = $5, suspense_fen = $6,
                               detail = coalesce($7, detail),
                               resolved_at = CASE WHEN $9 THEN $8::timestamptz END
                        WHERE id = $1 AND status = $2""")
                .execute(Tuple.from(new Object[] { id, from.name(), to.name(), resolution, by, suspenseFen,
                        RunRepository.truncate(detail, 500), Rows.at(now),
                        to == DiscrepancyStatus.AUTO_RESOLVED || to == DiscrepancyStatus.RESOLVED }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The discrepancies of the run's current generation. */
    public Uni<List<Discrepancy>> current(SqlClient tx, Run run) {
        return tx.preparedQuery("SELECT " + Discrepancy.COLUMNS + " FROM discrepancy WHERE run_id = $1"
                        + " AND generation = $2 ORDER BY id")
                .execute(Tuple.of(run.id(), run.generation()))
                .map(rows -> Rows.list(rows, Discrepancy::of));
    }

    private static String prefixed(String alias) {
        return alias + "." + Discrepancy.COLUMNS.replace(", ", ", " + alias + ".");
    }
}
