package io.govclear.security;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic for the finance API against staff_user (PBKDF2 hashes). The hash is checked on a worker thread; a
 * successful check is remembered for a minute (by a digest of the credentials, never the password itself).
 */
@ApplicationScoped
public class StaffAuthenticator {

    private static final Duration REMEMBER = Duration.ofMinutes(1);

    private final Pool pool;
    private final Clock clock;
    private final Map<String, Verified> recent = new ConcurrentHashMap<>();

    private record Verified(StaffUser user, Instant until) {
    }

    public StaffAuthenticator(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** The staff user of an Authorization header having one of the roles; 401 or 403 otherwise. */
    public Uni<StaffUser> authenticate(String authorization, String... roles) {
        String[] credentials = basic(authorization);
        String cacheKey = HexFormat.of().formatHex(Digests.sha256(
                (credentials[0] + '\0' + credentials[1]).getBytes(StandardCharsets.UTF_8)));
        Verified hit = recent.get(cacheKey);
        Uni<StaffUser> user = hit != null && hit.until().isAfter(clock.instant())
                ? Uni.createFrom().item(hit.user())
                : pool.preparedQuery("SELECT username, display_name, password_hash, roles FROM staff_user"
                                + " WHERE username = $1 AND active")
                        .execute(Tuple.of(credentials[0]))
                        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null)
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(row -> check(row, credentials[1]))
                        .invoke(u -> recent.put(cacheKey, new Verified(u, clock.instant().plus(REMEMBER))));
        return user.map(u -> {
            if (roles.length > 0 && !u.hasAnyRole(roles)) {
                throw new ProblemException(ProblemCode.FORBIDDEN,
                        "This needs one of the roles " + String.join(", ", roles));
            }
            return u;
        });
    }

    private static StaffUser check(Row row, String password) {
        if (row == null || !PasswordHashing.verify(password, row.getString("password_hash"))) {
            throw unauthorized();
        }
        return new StaffUser(row.getString("username"), row.getString("display_name"),
                Set.of(row.getString("roles").split(",")));
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw unauthorized();
        }
        return new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
    }

    private static ProblemException unauthorized() {
        return new ProblemException(ProblemCode.UNAUTHENTICATED, "Finance staff sign in with HTTP Basic");
    }
}
