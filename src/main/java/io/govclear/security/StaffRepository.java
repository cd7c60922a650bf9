package io.govclear.security;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tables of finance staff: staff_user (password hashes, roles, lockout, the encrypted TOTP secret),
 * staff_unit_scope (a UNIT_OFFICER's units) and staff_recovery_code (hashed one-time codes).
 */
@Singleton
public class StaffRepository {

    /** A staff row as stored, with the units the user is scoped to. */
    public record StoredStaff(String username, String displayName, String passwordHash, Set<String> roles,
            boolean active, Instant lockedUntil, byte[] totpEnc, Instant totpEnabledAt, Set<String> units) {

        /** The roles a staff row may grant ({@link Roles#STAFF}); anything else in the column is ignored. */
        static Set<String> staffRoles(String column) {
            return Arrays.stream(column.split(","))
                    .filter(Roles.STAFF::contains)
                    .collect(Collectors.toUnmodifiableSet());
        }

        public StaffUser user() {
            return new StaffUser(username, displayName, roles, units);
        }

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    private static final String SELECT = "SELECT u.username, u.display_name, u.password_hash, u.roles, u.active,"
            + " u.locked_until, u.totp_enc, u.totp_enabled_at,"
            + " ARRAY(SELECT s.unit_code FROM staff_unit_scope s WHERE s.username = u.username ORDER BY 1) AS units"
            + " FROM staff_user u";

    public Uni<Optional<StoredStaff>> find(SqlClient client, String username) {
        return client.preparedQuery(SELECT + " WHERE u.username = $1").execute(Tuple.of(username))
                .map(rows -> Rows.first(rows, StaffRepository::stored));
    }

    /** Which of these names are staff users'. */
    public Uni<Set<String>> existing(SqlClient client, Collection<String> usernames) {
        return client.preparedQuery("SELECT username FROM staff_user WHERE username = ANY($1)")
                .execute(Tuple.of(usernames.toArray(String[]::new)))
                .map(rows -> Set.copyOf(Rows.list(rows, r -> r.getString(0))));
    }

    public Uni<List<StoredStaff>> all(SqlClient client) {
        return client.preparedQuery(SELECT + " ORDER BY u.username").execute()
                .map(rows -> Rows.list(rows, StaffRepository::stored));
    }

    /**
     * Counts a failed sign-in; the {@code lockAfter}-th in a row locks the account until {@code lockUntil} and starts
     * the count again. True when this failure locked it.
     */
    public Uni<Boolean> recordFailure(SqlClient client, String username, int lockAfter, Instant lockUntil) {
        return client.preparedQuery("""
                        UPDATE staff_user SET
                            locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3 ELSE locked_until END,
                            failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $2 THEN 0 ELSE failed_sign_ins + 1 END
                        WHERE username = $1
                        RETURNING locked_until = $3 AS locked""")
                .execute(Tuple.of(username, lockAfter, Rows.at(lockUntil)))
                .map(rows -> rows.iterator().hasNext() && Boolean.TRUE.equals(rows.iterator().next().getBoolean("locked")));
    }

    /** A sign-in passed: the failure count starts again; {@code rehashed} replaces an outdated hash when not null. */
    public Uni<Void> recordSuccess(SqlClient client, String username, String rehashed) {
        return client.preparedQuery("UPDATE staff_user SET failed_sign_ins = 0,"
                        + " password_hash = COALESCE($2, password_hash) WHERE username = $1")
                .execute(Tuple.of(username, rehashed))
                .replaceWithVoid();
    }

    /** Stores a TOTP secret being enrolled (not yet in force: {@code totp_enabled_at} stays null). */
    public Uni<Void> storePendingTotp(SqlClient client, String username, byte[] secretEnc) {
        return client.preparedQuery("UPDATE staff_user SET totp_enc = $2, totp_enabled_at = NULL, totp_last_step = NULL"
                        + " WHERE username = $1")
                .execute(Tuple.of(username, secretEnc))
                .replaceWithVoid();
    }

    /** Puts the enrolled secret in force, its first code's step already used. */
    public Uni<Void> enableTotp(SqlClient client, String username, Instant at, long step) {
        return client.preparedQuery("UPDATE staff_user SET totp_enabled_at = $2, totp_last_step = $3, changed_at = $2"
                        + " WHERE username = $1 AND totp_enc IS NOT NULL")
                .execute(Tuple.of(username, Rows.at(at), step))
                .replaceWithVoid();
    }

    /** Takes a TOTP time step for a sign-in: false when it (or a later one) was used before, so a code works once. */
    public Uni<Boolean> useTotpStep(SqlClient client, String username, long step) {
        return client.preparedQuery("UPDATE staff_user SET totp_last_step = $2 WHERE username = $1"
                        + " AND (totp_last_step IS NULL OR totp_last_step < $2)")
                .execute(Tuple.of(username, step))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Removes the second factor (an admin's reset): the user enrols again at the next sign-in. */
    public Uni<Void> resetTotp(SqlClient client, String username, Instant at) {
        return client.preparedQuery("UPDATE staff_user SET totp_enc = NULL, totp_enabled_at = NULL,"
                        + " totp_last_step = NULL, changed_at = $2 WHERE username = $1")
                .execute(Tuple.of(username, Rows.at(at)))
                .chain(() -> client.preparedQuery("DELETE FROM staff_recovery_code WHERE username = $1")
                        .execute(Tuple.of(username)))
                .replaceWithVoid();
    }

    /** Replaces the user's recovery codes by these (SHA-256 of each code). */
    public Uni<Void> replaceRecoveryCodes(SqlClient client, String username, List<byte[]> hashes) {
        return client.preparedQuery("DELETE FROM staff_recovery_code WHERE username = $1").execute(Tuple.of(username))
                .chain(() -> client.preparedQuery("INSERT INTO staff_recovery_code (username, code_hash)"
                                + " SELECT $1, unnest($2::bytea[])")
                        .execute(Tuple.of(username, hashes.stream().map(Buffer::buffer).toArray(Buffer[]::new))))
                .replaceWithVoid();
    }

    /** Uses a recovery code: false when the user has no such unused code. */
    public Uni<Boolean> useRecoveryCode(SqlClient client, String username, byte[] hash, Instant at) {
        return client.preparedQuery("UPDATE staff_recovery_code SET used_at = $3"
                        + " WHERE username = $1 AND code_hash = $2 AND used_at IS NULL")
                .execute(Tuple.of(username, hash, Rows.at(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Recovery codes not yet used. */
    public Uni<Long> unusedRecoveryCodes(SqlClient client, String username) {
        return client.preparedQuery("SELECT count(*) AS n FROM staff_recovery_code WHERE username = $1"
                        + " AND used_at IS NULL")
                .execute(Tuple.of(username))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Inserts a user; false when the username is taken. */
    public Uni<Boolean> create(SqlClient client, String username, String displayName, String passwordHash,
            Set<String> roles, Instant at) {
        return client.preparedQuery("INSERT INTO staff_user (username, display_name, password_hash, roles, created_at,"
                        + " changed_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (username) DO NOTHING")
                .execute(Tuple.of(username, displayName, passwordHash, String.join(",", roles.stream().sorted().toList()),
                        Rows.at(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> setActive(SqlClient client, String username, boolean active, Instant at) {
        return client.preparedQuery("UPDATE staff_user SET active = $2, changed_at = $3,"
                        + " failed_sign_ins = 0, locked_until = NULL WHERE username = $1")
                .execute(Tuple.of(username, active, Rows.at(at)))
                .replaceWithVoid();
    }

    /** Replaces a user's roles and unit scopes. */
    public Uni<Void> setAccess(SqlClient client, String username, Set<String> roles, Set<String> units, Instant at) {
        return client.preparedQuery("UPDATE staff_user SET roles = $2, changed_at = $3 WHERE username = $1")
                .execute(Tuple.of(username, String.join(",", roles.stream().sorted().toList()), Rows.at(at)))
                .chain(() -> client.preparedQuery("DELETE FROM staff_unit_scope WHERE username = $1")
                        .execute(Tuple.of(username)))
                .chain(() -> client.preparedQuery("INSERT INTO staff_unit_scope (username, unit_code)"
                                + " SELECT $1, unnest($2::varchar[])")
                        .execute(Tuple.of(username, units.stream().sorted().toArray(String[]::new))))
                .replaceWithVoid();
    }

    private static StoredStaff stored(Row r) {
        byte[] totp = r.getBuffer("totp_enc") == null ? null : r.getBuffer("totp_enc").getBytes();
        return new StoredStaff(r.getString("username"), r.getString("display_name"), r.getString("password_hash"),
                StoredStaff.staffRoles(r.getString("roles")), r.getBoolean("active"), Rows.instant(r, "locked_until"),
                totp, Rows.instant(r, "totp_enabled_at"), Set.copyOf(Arrays.asList(r.getArrayOfStrings("units"))));
    }
}
