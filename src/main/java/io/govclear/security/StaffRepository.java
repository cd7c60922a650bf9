package io.govclear.security;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The table staff_user: finance staff, their password hashes (PBKDF2) and roles. */
@Singleton
public class StaffRepository {

    /** An active staff row as stored. */
    public record StoredStaff(String username, String displayName, String passwordHash, String roles) {
    }

    @Inject Pool pool;

    public Uni<Optional<StoredStaff>> findActive(String username) {
        return pool.preparedQuery("SELECT username, display_name, password_hash, roles FROM staff_user"
                        + " WHERE username = $1 AND active")
                .execute(Tuple.of(username))
                .map(rows -> Rows.first(rows, r -> new StoredStaff(r.getString("username"),
                        r.getString("display_name"), r.getString("password_hash"), r.getString("roles"))));
    }
}
