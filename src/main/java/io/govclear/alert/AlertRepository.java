package io.govclear.alert;

import io.govclear.common.Page;
import io.govclear.common.Rows;
import io.govclear.common.SqlFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The tables alert and alert_evaluation (V27): alerts raised once per unresolved fingerprint, resolved when their
 * condition clears, acknowledged once; and the claim of each evaluation slot with the gauges it measured.
 */
@Singleton
public class AlertRepository {

    private static final String COLUMNS = "id, kind, subject, fingerprint, raised_at, details, last_seen_at,"
            + " resolved_at, acknowledged_by, acknowledged_at, acknowledge_note";

    /** An alert as stored. */
    public record StoredAlert(long id, AlertKind kind, String subject, String fingerprint, Instant raisedAt,
            Map<String, Object> details, Instant lastSeenAt, Instant resolvedAt, String acknowledgedBy,
            Instant acknowledgedAt, String acknowledgeNote) {

        public boolean acknowledged() {
            return acknowledgedAt != null;
        }
    }

    /** Which alerts a list shows. */
    public enum Shown {
        /** Not acknowledged yet, whether or not the condition has cleared. */
        OPEN,
        /** Acknowledged by someone. */
        ACKNOWLEDGED,
        ALL
    }

    /**
     * Raises the finding as an alert unless it is one already (unresolved with its fingerprint: then it was seen
     * again); true when raised now. Safe when evaluations on several instances find it at once.
     */
    public Uni<Boolean> raise(SqlClient tx, Finding finding, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO alert AS a (kind, subject, fingerprint, raised_at, details, last_seen_at)
                        VALUES ($1, $2, $3, $4, $5, $4)
                        ON CONFLICT (fingerprint) WHERE resolved_at IS NULL
                        DO UPDATE SET last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at)
                        RETURNING (xmax = 0) AS raised""")
                .execute(Tuple.of(finding.kind().name(), finding.subject(), finding.fingerprint(), Rows.at(now),
                        new JsonObject(finding.details())))
                .map(rows -> rows.iterator().next().getBoolean("raised"));
    }

    /** Resolves the unresolved alerts of the kind whose fingerprint is not among those still found; how many. */
    public Uni<Integer> resolveOthers(SqlClient tx, AlertKind kind, Collection<String> stillFound, Instant now) {
        return tx.preparedQuery("UPDATE alert SET resolved_at = $3 WHERE kind = $1 AND resolved_at IS NULL"
                        + " AND NOT (fingerprint = ANY($2))")
                .execute(Tuple.of(kind.name(), stillFound.toArray(String[]::new), Rows.at(now)))
                .map(rows -> rows.rowCount());
    }

    /** The alerts shown, newest first. */
    public Uni<Page<StoredAlert>> list(SqlClient client, Shown shown, int page, int size) {
        String where = switch (shown) {
            case OPEN -> " WHERE acknowledged_at IS NULL";
            case ACKNOWLEDGED -> " WHERE acknowledged_at IS NOT NULL";
            case ALL -> "";
        };
        return client.query("SELECT count(*) FROM alert" + where).execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(total -> {
                    SqlFilter paging = new SqlFilter();
                    return client.preparedQuery("SELECT " + COLUMNS + " FROM alert" + where + " ORDER BY id DESC"
                                    + " LIMIT " + paging.param(size) + " OFFSET " + paging.param((long) page * size))
                            .execute(paging.args())
                            .map(rows -> new Page<>(page, size, total, Rows.list(rows, AlertRepository::stored)));
                });
    }

    /** How many alerts no one has acknowledged. */
    public Uni<Long> countOpen(SqlClient client) {
        return client.query("SELECT count(*) FROM alert WHERE acknowledged_at IS NULL").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Optional<StoredAlert>> find(SqlClient client, long id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM alert WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, AlertRepository::stored));
    }

    /** Acknowledges the alert by compare-and-set; empty when it does not exist or was acknowledged already. */
    public Uni<Optional<StoredAlert>> acknowledge(SqlClient tx, long id, String who, String note, Instant now) {
        return tx.preparedQuery("UPDATE alert SET acknowledged_by = $2, acknowledged_at = $3, acknowledge_note = $4"
                        + " WHERE id = $1 AND acknowledged_at IS NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(id, who, Rows.at(now), note))
                .map(rows -> Rows.first(rows, AlertRepository::stored));
    }

    /**
     * Claims the evaluation of a slot for this instance; false when another instance has it (or had it). Slots older
     * than a day are forgotten.
     */
    public Uni<Boolean> claim(SqlClient client, Instant slot, Instant now) {
        return client.preparedQuery("""
                        WITH purged AS (DELETE FROM alert_evaluation WHERE slot < $1::timestamptz - interval '1 day')
                        INSERT INTO alert_evaluation (slot, claimed_at) VALUES ($1, $2) ON CONFLICT (slot) DO NOTHING""")
                .execute(Tuple.of(Rows.at(slot), Rows.at(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The slot's evaluation is done; {@code gauges} is what every instance exports until the next one. */
    public Uni<Void> finish(SqlClient client, Instant slot, Instant now, JsonObject gauges) {
        return client.preparedQuery("UPDATE alert_evaluation SET finished_at = $2, gauges = $3 WHERE slot = $1")
                .execute(Tuple.of(Rows.at(slot), Rows.at(now), gauges))
                .replaceWithVoid();
    }

    /** The gauges of the latest finished evaluation up to {@code now}. */
    public Uni<Optional<JsonObject>> latestGauges(SqlClient client, Instant now) {
        return client.preparedQuery("SELECT gauges FROM alert_evaluation WHERE finished_at IS NOT NULL AND slot <= $1"
                        + " ORDER BY slot DESC LIMIT 1")
                .execute(Tuple.of(Rows.at(now)))
                .map(rows -> Rows.first(rows, r -> r.getJsonObject("gauges")));
    }

    private static StoredAlert stored(Row r) {
        JsonObject details = r.getJsonObject("details");
        return new StoredAlert(r.getLong("id"), AlertKind.valueOf(r.getString("kind")), r.getString("subject"),
                r.getString("fingerprint"), Rows.instant(r, "raised_at"),
                details == null ? Map.of() : details.getMap(), Rows.instant(r, "last_seen_at"),
                Rows.instant(r, "resolved_at"), r.getString("acknowledged_by"), Rows.instant(r, "acknowledged_at"),
                r.getString("acknowledge_note"));
    }
}
