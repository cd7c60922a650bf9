package io.govclear.audit;

import io.govclear.common.Keyset;
import io.govclear.common.Rows;
import io.govclear.common.SqlFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The table audit_event, append-only (a trigger refuses UPDATE and DELETE): what people and units did. Most business
 * transitions write their audit row inside their own single statement; this is the way for the rest (sign-in, user
 * administration, reveals of personal data, exports), and the one reader of the log.
 */
@Singleton
public class AuditLog {

    private static final int PAGE = 1000;

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

    /** Appends one row on {@code client} (a transaction of the caller's, or the pool for one on its own). */
    public Uni<Void> append(SqlClient client, Instant at, String actor, String action, String subjectType,
            String subjectId, Map<String, ?> details) {
        return client.preparedQuery("INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type,"
                        + " subject_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(new Object[] { Rows.at(at), STAFF, actor, action, subjectType, subjectId,
                        details == null ? null : new JsonObject(Map.copyOf(details)) }))
                .replaceWithVoid();
    }

    public Uni<List<Entry>> search(SqlClient client, Filter filter, int limit) {
        SqlFilter where = new SqlFilter()
                .add("actor = $", filter.actor())
                .add("action = $", filter.action())
                .add("subject_type = $", filter.subjectType())
                .add("subject_id = $", filter.subjectId())
                .add("occurred_at >= $", Rows.at(filter.from()))
                .add("occurred_at < $", Rows.at(filter.to()))
                .add("id < $", filter.beforeId());
        String sql = "SELECT id, occurred_at, actor_type, actor, action, subject_type, subject_id,"
                + " details::text AS details FROM audit_event" + where.where() + " ORDER BY id DESC LIMIT "
                + where.param(limit);
        return client.preparedQuery(sql).execute(where.args())
                .map(rows -> Rows.list(rows, r -> new Entry(r.getLong("id"), Rows.instant(r, "occurred_at"),
                        r.getString("actor_type"), r.getString("actor"), r.getString("action"),
                        r.getString("subject_type"), r.getString("subject_id"), r.getString("details"))));
    }

    /** Every row the filter matches, newest first, read a page at a time so any number streams in flat memory. */
    public Multi<List<Entry>> stream(SqlClient client, Filter filter) {
        return Keyset.pages(filter.beforeId(), PAGE, before -> search(client, new Filter(filter.actor(),
                filter.action(), filter.subjectType(), filter.subjectId(), filter.from(), filter.to(), before), PAGE),
                Entry::id);
    }
}
