package io.govclear.catalog.admin;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The table unit_credential: each unit's numbered API and webhook secrets, encrypted, and their validity. */
@Singleton
public class CredentialRepository {

    /** What a secret is for. */
    public enum Purpose {
        /** The unit signs its API calls with it. */
        API,
        /** The engine signs the unit's webhooks with it. */
        WEBHOOK
    }

    /** A key as stored; {@code secretEnc} encrypted (CatalogService.secretContext). */
    public record StoredKey(long unitId, Purpose purpose, int no, byte[] secretEnc, Instant createdAt, String createdBy,
            Instant validUntil, Instant revokedAt, String revokedBy, String revokeReason) {
    }

    private static final String SELECT = "SELECT unit_id, purpose, key_no, secret_enc, created_at, created_by,"
            + " valid_until, revoked_at, revoked_by, revoke_reason FROM unit_credential";

    @Inject Pool pool;

    /** Every key that still verifies at {@code at} or later (the catalog snapshot's), current ones first. */
    public Uni<List<StoredKey>> usable(Instant at) {
        return pool.preparedQuery(SELECT + " WHERE valid_until IS NULL OR valid_until > $1"
                        + " ORDER BY unit_id, purpose, valid_until IS NOT NULL, key_no DESC")
                .execute(Tuple.of(Rows.at(at)))
                .map(rows -> Rows.list(rows, CredentialRepository::key));
    }

    /** A unit's keys, newest first, secrets included only as ciphertext (for the admin's list, which drops them). */
    public Uni<List<StoredKey>> of(long unitId) {
        return pool.preparedQuery(SELECT + " WHERE unit_id = $1 ORDER BY purpose, key_no DESC")
                .execute(Tuple.of(unitId))
                .map(rows -> Rows.list(rows, CredentialRepository::key));
    }

    /**
     * Makes {@code secretEnc} the unit's current key for {@code purpose}: the current one (if any) verifies until
     * {@code overlapUntil}, then stops. Returns the new key's number. Two rotations at once: one fails on the
     * current-key index and changes nothing.
     */
    public Uni<Integer> rotate(SqlClient tx, long unitId, Purpose purpose, byte[] secretEnc, Instant at, String by,
            Instant overlapUntil) {
        return tx.preparedQuery("""
                        WITH old AS (
                            UPDATE unit_credential SET valid_until = $6
                            WHERE unit_id = $1 AND purpose = $2 AND valid_until IS NULL
                            RETURNING key_no
                        )
                        INSERT INTO unit_credential (unit_id, purpose, key_no, secret_enc, created_at, created_by)
                        SELECT $1, $2, coalesce((SELECT max(key_no) FROM unit_credential
                                                 WHERE unit_id = $1 AND purpose = $2), 0) + 1, $3, $4, $5
                        FROM (SELECT count(*) FROM old) o
                        RETURNING key_no""")
                .execute(Tuple.from(new Object[] { unitId, purpose.name(), secretEnc, Rows.at(at), by,
                    Rows.at(overlapUntil) }))
                .map(rows -> rows.iterator().next().getInteger("key_no"));
    }

    /** Stops key {@code no} at once; empty when there is no such key or it was revoked already. */
    public Uni<Optional<StoredKey>> revoke(SqlClient tx, long unitId, Purpose purpose, int no, Instant at, String by,
            String reason) {
        return tx.preparedQuery("UPDATE unit_credential SET valid_until = LEAST(coalesce(valid_until, $4), $4),"
                        + " revoked_at = $4, revoked_by = $5, revoke_reason = $6"
                        + " WHERE unit_id = $1 AND purpose = $2 AND key_no = $3 AND revoked_at IS NULL"
                        + " RETURNING unit_id, purpose, key_no, secret_enc, created_at, created_by, valid_until,"
                        + " revoked_at, revoked_by, revoke_reason")
                .execute(Tuple.from(new Object[] { unitId, purpose.name(), no, Rows.at(at), by, reason }))
                .map(rows -> Rows.first(rows, CredentialRepository::key));
    }

    /** The demo seed: API key 1 is {@code secretEnc} (re-encrypted with this run's key), whatever it was. */
    public Uni<Void> seedDemoKey(long unitId, byte[] secretEnc, Instant at) {
        return pool.preparedQuery("INSERT INTO unit_credential (unit_id, purpose, key_no, secret_enc, created_at,"
                        + " created_by) VALUES ($1, 'API', 1, $2, $3, 'demo-seed')"
                        + " ON CONFLICT (unit_id, purpose, key_no) DO UPDATE SET secret_enc = EXCLUDED.secret_enc")
                .execute(Tuple.of(unitId, secretEnc, Rows.at(at)))
                .replaceWithVoid();
    }

    private static StoredKey key(Row r) {
        return new StoredKey(r.getLong(0), Purpose.valueOf(r.getString(1)), r.getInteger(2), r.getBuffer(3).getBytes(),
                Rows.instant(r, 4), r.getString(5), Rows.instant(r, 6), Rows.instant(r, 7), r.getString(8),
                r.getString(9));
    }
}
