package io.govclear.catalog.admin;

import io.govclear.common.Rows;
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
import java.util.Optional;

/** The table catalog_proposal: the four-eyes queue of catalog changes. */
@Singleton
public class ProposalRepository {

    /** What a proposal would do. */
    public enum Kind {
        UNIT_CREATE, UNIT_UPDATE, UNIT_SUSPEND, UNIT_REACTIVATE, UNIT_CLOSE, ITEM_VERSION, IMPORT
    }

    /** Where a proposal is. */
    public enum Status {
        PENDING, APPROVED, REJECTED
    }

    /** A proposal as stored; {@code payload} the proposed unit (as JSON), {@code baseVersion} the unit's edit count then. */
    public record Proposal(long id, Kind kind, String subject, JsonObject payload, Integer baseVersion, String reason,
            Status status, String proposedBy, Instant proposedAt, String decidedBy, Instant decidedAt,
            String decisionReason) {

        /** The payload as a map (for pages): the unit or item proposed, or an import's counts and rows. */
        public java.util.Map<String, Object> fields() {
            return payload == null ? java.util.Map.of() : payload.getMap();
        }
    }

    private static final String COLUMNS = "id, kind, subject, payload, base_version, reason, status, proposed_by,"
            + " proposed_at, decided_by, decided_at, decision_reason";

    @Inject Pool pool;

    /** Queues a proposal; empty when another one for the subject is pending. */
    public Uni<Optional<Proposal>> insert(SqlClient tx, Kind kind, String subject, JsonObject payload,
            Integer baseVersion, String reason, String by, Instant at) {
        return tx.preparedQuery("INSERT INTO catalog_proposal (kind, subject, payload, base_version, reason,"
                        + " proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                        + " ON CONFLICT (subject) WHERE status = 'PENDING' DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] { kind.name(), subject, payload, baseVersion, reason, by,
                    Rows.at(at) }))
                .map(rows -> Rows.first(rows, ProposalRepository::proposal));
    }

    /** The proposal, locked for a decision when {@code client} is a transaction. */
    public Uni<Optional<Proposal>> lock(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM catalog_proposal WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, ProposalRepository::proposal));
    }

    public Uni<Optional<Proposal>> find(long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM catalog_proposal WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, ProposalRepository::proposal));
    }

    /** The newest proposals, of one status or all; an import's payload without its rows (its counts and skipped rows). */
    public Uni<List<Proposal>> recent(Status status, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS.replace("payload", "CASE WHEN kind = 'IMPORT'"
                        + " THEN payload - 'units' - 'items' ELSE payload END") + " FROM catalog_proposal"
                        + " WHERE $1::text IS NULL OR status = $1 ORDER BY id DESC LIMIT $2")
                .execute(Tuple.of(status == null ? null : status.name(), limit))
                .map(rows -> Rows.list(rows, ProposalRepository::proposal));
    }

    /** Records the decision on a PENDING proposal (the database refuses the proposer as decider). */
    public Uni<Proposal> decide(SqlClient tx, long id, Status status, String by, String reason, Instant at) {
        return tx.preparedQuery("UPDATE catalog_proposal SET status = $2, decided_by = $3, decision_reason = $4,"
                        + " decided_at = $5 WHERE id = $1 AND status = 'PENDING' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, status.name(), by, reason, Rows.at(at)))
                .map(rows -> Rows.first(rows, ProposalRepository::proposal).orElseThrow());
    }

    private static Proposal proposal(Row r) {
        return new Proposal(r.getLong(0), Kind.valueOf(r.getString(1)), r.getString(2), r.getJsonObject(3),
                r.getInteger(4), r.getString(5), Status.valueOf(r.getString(6)), r.getString(7), Rows.instant(r, 8),
                r.getString(9), Rows.instant(r, 10), r.getString(11));
    }
}
