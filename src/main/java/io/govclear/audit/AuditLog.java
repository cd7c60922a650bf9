package io.govclear.audit;

import io.govclear.common.Cursors;
import io.govclear.common.Rows;
import io.govclear.common.SqlFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table audit_event, append-only (a trigger refuses UPDATE and DELETE): what people and units did. Most business
 * transitions write their audit row inside their own single statement; this is the way for the rest (sign-in, user
 * administration, reveals of personal data, exports), and the one reader of the log.
 */
@Singleton
public class AuditLog {

    private static final int PAGE = 1000;
    private static final String SELECT = "SELECT id, occurred_at, actor_type, actor, action, subject_type, subject_id,"
            + " details::text FROM audit_event";

    /** Who acted: a staff member by username. */
    public static final String STAFF = "STAFF";

    /** One row of the log. */
    public record Entry(long id, Instant occurredAt, String actorType, String actor, String action,
            String subjectType, String subjectId, String details) {
    }

    /** What to look for; null fields match everything. Newest first, {@code beforeId} pages back. */
    public record Filter(String actor, String action, String subjectType, String subjectId, Instant from, Instant to,
            Long beforeId) {
    }

    @Inject Pool pool;

    /** Appends one row on {@code client} (a transaction of the caller's, or the pool for one on its own). */
    public Uni<Void> append(SqlClient client, Instant at, String actor, String action, String subjectType,
            String subjectId, Map<String, ?> details) {
        return client.preparedQuery("INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type,"
                        + " subject_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(new Object[] { Rows.at(at), STAFF, actor, action, subjectType, subjectId,
                        details == null ? null : new JsonObject(Map.copyOf(details)) }))
                .replaceWithVoid();
    }

    /** How many rows of these actions each actor has from {@code from} to {@code to} (inclusive). */
    public Uni<Map<String, Long>> countByActor(SqlClient client, Set<String> actions, Instant from, Instant to) {
        return client.preparedQuery("SELECT actor, count(*) FROM audit_event WHERE occurred_at >= $1"
                        + " AND occurred_at <= $2 AND action = ANY($3) GROUP BY actor")
                .execute(Tuple.of(Rows.at(from), Rows.at(to), actions.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> counts = new TreeMap<>();
                    rows.forEach(r -> counts.put(r.getString(0), r.getLong(1)));
                    return counts;
                });
    }

    public Uni<List<Entry>> search(SqlClient client, Filter filter, int limit) {
        SqlFilter where = where(filter);
        return client.preparedQuery(SELECT + where.where() + " ORDER BY id DESC LIMIT " + where.param(limit))
                .execute(where.args())
                .map(rows -> Rows.list(rows, AuditLog::entry));
    }

    private static SqlFilter where(Filter filter) {
        return new SqlFilter()
                .add("actor = $", filter.actor())
                .add("action = $", filter.action())
                .add("subject_type = $", filter.subjectType())
                .add("subject_id = $", filter.subjectId())
                .add("occurred_at >= $", Rows.at(filter.from()))
                .add("occurred_at < $", Rows.at(filter.to()))
                .add("id < $", filter.beforeId());
    }

    private static Entry entry(Row r) {
        return new Entry(r.getLong(0), Rows.instant(r, 1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7));
    }

    /** Every row the filter matches, newest first, through one cursor a page at a time (flat memory). */
    public Multi<List<Entry>> stream(Filter filter) {
        SqlFilter where = where(filter);
        return Cursors.pages(pool, SELECT + where.where() + " ORDER BY id DESC", where.args(), PAGE,
                AuditLog::entry);
    }
}
