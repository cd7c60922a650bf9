package io.govclear.console.session;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

/** The table staff_session: console sessions, their CSRF tokens, idle and absolute expiry, and their end. */
@Singleton
public class SessionRepository {

    public Uni<Void> create(SqlClient client, ConsoleSession session, Instant expiresAt, String clientAddress) {
        return client.preparedQuery("INSERT INTO staff_session (id_hash, username, csrf_token, complete, created_at,"
                        + " last_seen_at, expires_at, client_address) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)")
                .execute(Tuple.from(new Object[] { session.idHash(), session.username(), session.csrfToken(),
                        session.complete(), Rows.at(session.createdAt()), Rows.at(expiresAt), clientAddress }))
                .replaceWithVoid();
    }

    /**
     * The live session of this id, its last use moved to {@code now}; empty when it ended, passed its absolute
     * expiry, or was idle since before {@code idleSince}.
     */
    public Uni<Optional<ConsoleSession>> touch(SqlClient client, byte[] idHash, Instant now, Instant idleSince) {
        return client.preparedQuery("""
                        UPDATE staff_session SET last_seen_at = $2
                        WHERE id_hash = $1 AND ended_at IS NULL AND expires_at > $2 AND last_seen_at > $3
                        RETURNING id_hash, username, csrf_token, complete, created_at""")
                .execute(Tuple.of(idHash, Rows.at(now), Rows.at(idleSince)))
                .map(rows -> Rows.first(rows, r -> new ConsoleSession(r.getBuffer("id_hash").getBytes(),
                        r.getString("username"), r.getString("csrf_token"), r.getBoolean("complete"),
                        Rows.instant(r, "created_at"))));
    }

    /** The second factor passed: the session is a full one from now on. */
    public Uni<Void> complete(SqlClient client, byte[] idHash) {
        return client.preparedQuery("UPDATE staff_session SET complete = true WHERE id_hash = $1 AND ended_at IS NULL")
                .execute(Tuple.of(idHash))
                .replaceWithVoid();
    }

    public Uni<Void> end(SqlClient client, byte[] idHash, Instant at) {
        return client.preparedQuery("UPDATE staff_session SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL")
                .execute(Tuple.of(idHash, Rows.at(at)))
                .replaceWithVoid();
    }
}
