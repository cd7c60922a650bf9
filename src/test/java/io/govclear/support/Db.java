package io.govclear.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.inject.spi.CDI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/** Direct looks at the database, to prove what a request did or did not change. */
public final class Db {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long the database must stay unchanged, jobs paused, before a request's changes are measured. */
    private static final Duration QUIET = Duration.ofMillis(250);
    private static final Duration QUIET_WAIT = Duration.ofSeconds(30);

    /** Flyway's own table: no request writes it. */
    private static final String FLYWAY_HISTORY = "flyway_schema_history";

    /**
     * The replay protection of signed requests (units, banks): a request that passed its signature check records its
     * nonce whatever the answer, so a request refused after that still writes there
     * ({@link #assertNothingButNoncesChangedBy}).
     */
    public static final Set<String> NONCE_TABLES = Set.of("api_nonce", "bank_nonce");

    /**
     * The inbox of the channels' notifies, written by the channels alone (CallbackService stores every notify as it
     * arrives, rejected ones too, for the audit) and on their own schedule: a simulator sends a notify again until it
     * is acknowledged, a rejected one for its whole retry table (up to 90 s after its test, at any moment of a later
     * one). No unit, bank, staff or payer request writes it, so "nothing changed" leaves it out.
     */
    private static final String INBOX = "channel_callback";

    private Db() {
    }

    /** The engine's connection pool. */
    public static Pool pool() {
        return CDI.current().select(Pool.class).get();
    }

    /** The first column of the first row, e.g. of {@code SELECT count(*) …}; $1, $2… are {@code args}. */
    public static long count(String sql, Object... args) {
        return query(sql, args).iterator().next().getLong(0);
    }

    /** The first row. */
    public static Row one(String sql, Object... args) {
        return query(sql, args).iterator().next();
    }

    /** Runs a statement, e.g. to age a row or break something on purpose. */
    public static void execute(String sql, Object... args) {
        query(sql, args);
    }

    private static RowSet<Row> query(String sql, Object... args) {
        return pool().preparedQuery(sql).execute(Tuple.from(args)).await().atMost(TIMEOUT);
    }

    /**
     * Runs {@code requests} and asserts that they changed nothing: no table of the schema (nonces included) has a row
     * more or less, and no table's latest updated_at moved. Meanwhile the engine's scheduled jobs are paused
     * ({@link Jobs#pauseAll}), and the database must have been quiet for a moment before, so that nothing but the
     * requests writes while they are measured.
     */
    public static void assertNothingChangedBy(Runnable requests) {
        assertUnchanged(requests, Set.of(INBOX));
    }

    /**
     * {@link #assertNothingChangedBy} for signed requests refused after their signature was checked: they may have
     * recorded their nonces (the replay protection does, whatever the answer), and changed nothing else.
     */
    public static void assertNothingButNoncesChangedBy(Runnable requests) {
        Set<String> ignored = new TreeSet<>(NONCE_TABLES);
        ignored.add(INBOX);
        assertUnchanged(requests, ignored);
    }

    private static void assertUnchanged(Runnable requests, Set<String> ignored) {
        Jobs jobs = Jobs.get();
        jobs.pauseAll();
        try {
            Map<String, Long> before = without(quietSnapshot(), ignored);
            requests.run();
            assertThat(changes(before, without(snapshot(), ignored)))
                    .as("rows per table (and latest updated_at of the tables that have one) changed, before → after")
                    .isEmpty();
        } finally {
            jobs.resumeAll();
        }
    }

    /**
     * The row count of every table of the schema but Flyway's history, and
     * the latest updated_at of every table that has one, found in the database itself (a new table is counted without
     * a change here). Compare two only while nothing else writes: {@link #assertNothingChangedBy} sees to that.
     */
    public static Map<String, Long> snapshot() {
        List<String> parts = new ArrayList<>();
        for (Row table : query("""
                SELECT t.table_name,
                       EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = t.table_schema
                               AND c.table_name = t.table_name AND c.column_name = 'updated_at') AS stamped
                FROM information_schema.tables t
                WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND t.table_name <> $1
                ORDER BY t.table_name""", FLYWAY_HISTORY)) {
            String name = table.getString("table_name");
            parts.add("SELECT '" + name + "', count(*) FROM " + name);
            if (table.getBoolean("stamped")) {
                parts.add("SELECT '" + name + ".updated_at', coalesce(extract(epoch FROM max(updated_at)) * 1000000, 0)"
                        + "::bigint FROM " + name);
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : query(String.join(" UNION ALL ", parts))) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }

    /** A snapshot once two taken {@link #QUIET} apart are equal. */
    private static Map<String, Long> quietSnapshot() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(snapshot());
        await("the database to be quiet").atMost(QUIET_WAIT).pollDelay(QUIET).pollInterval(QUIET)
                .until(() -> {
                    Map<String, Long> now = snapshot();
                    return now.equals(last.getAndSet(now));
                });
        return last.get();
    }

    private static Map<String, String> changes(Map<String, Long> before, Map<String, Long> after) {
        Map<String, String> changed = new TreeMap<>();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.put(key, before.get(key) + " → " + after.get(key));
            }
        }
        return changed;
    }

    private static Map<String, Long> without(Map<String, Long> snapshot, Set<String> tables) {
        Map<String, Long> kept = new TreeMap<>(snapshot);
        kept.keySet().removeIf(key -> tables.contains(key.split("\\.")[0]));
        return kept;
    }
}
