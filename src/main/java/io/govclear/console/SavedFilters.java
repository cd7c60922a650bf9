package io.govclear.console;

import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The table staff_saved_filter: each person's named bill searches, so that the morning's filters are one click. A
 * filter is the search's query string, checked to be one (URL-encoded name=value pairs) before it is stored; saving a
 * name again replaces it.
 */
@Singleton
public class SavedFilters {

    private static final Pattern QUERY = Pattern.compile("([A-Za-z]+=[A-Za-z0-9%._~+-]*)(&[A-Za-z]+=[A-Za-z0-9%._~+-]*)*");

    /** A saved search. */
    public record Saved(long id, String name, String query) {
    }

    @Inject Pool pool;
    @Inject Clock clock;

    public Uni<List<Saved>> of(String username) {
        return pool.preparedQuery("SELECT id, name, query FROM staff_saved_filter WHERE username = $1 ORDER BY name")
                .execute(Tuple.of(username))
                .map(rows -> Rows.list(rows, r -> new Saved(r.getLong("id"), r.getString("name"),
                        r.getString("query"))));
    }

    public Uni<Void> save(String username, String name, String query) {
        RequiredText.of("name", name, 64);
        if (query == null || query.length() > 2000 || !QUERY.matcher(query).matches()) {
            throw ProblemException.invalid("query", "must be the query string of a bill search");
        }
        return pool.preparedQuery("INSERT INTO staff_saved_filter (username, name, query, created_at)"
                        + " VALUES ($1, $2, $3, $4) ON CONFLICT (username, name) DO UPDATE SET query = excluded.query")
                .execute(Tuple.of(username, name, query, Rows.at(clock.instant())))
                .replaceWithVoid();
    }

    /** Deletes one of the person's own filters (another's id deletes nothing). */
    public Uni<Void> delete(String username, long id) {
        return pool.preparedQuery("DELETE FROM staff_saved_filter WHERE id = $1 AND username = $2")
                .execute(Tuple.of(id, username))
                .replaceWithVoid();
    }
}
