package io.govclear.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.inject.spi.CDI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Direct looks at the database, to prove what a request did or did not change. */
public final class Db {

    private static final String[] TABLES = { "payment_order", "order_line", "order_status_change", "audit_event",
            "collecting_unit", "charge_item" };

    private Db() {
    }

    public static Pool pool() {
        return CDI.current().select(Pool.class).get();
    }

    public static long count(String sql, Object... args) {
        return pool().preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    public static Row one(String sql, Object... args) {
        return pool().preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10))
                .iterator().next();
    }

    public static void execute(String sql, Object... args) {
        pool().preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10));
    }

    /** Row counts of every business table: equal snapshots mean a request changed nothing. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        counts.put("max(updated_at)", count("SELECT coalesce(extract(epoch FROM max(updated_at))*1000000, 0)::bigint"
                + " FROM payment_order"));
        return counts;
    }
}
