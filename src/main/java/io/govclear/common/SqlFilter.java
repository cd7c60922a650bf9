package io.govclear.common;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause built from optional filters, each a bound parameter: {@code eq("o.status = $", status)} adds the
 * test only when the value is not null. The SQL text depends only on which filters are set, never on their values.
 */
public final class SqlFilter {

    private final StringBuilder where = new StringBuilder(" WHERE true");
    private final List<Object> args = new ArrayList<>();

    /** Adds {@code test} (ending in "$", the parameter's place) when {@code value} is not null. */
    public SqlFilter add(String test, Object value) {
        if (value != null) {
            args.add(value);
            where.append(" AND ").append(test).append(args.size());
        }
        return this;
    }

    /** Adds {@code prefix $n suffix} when {@code value} is not null, for tests whose parameter is inside. */
    public SqlFilter add(String prefix, Object value, String suffix) {
        if (value != null) {
            args.add(value);
            where.append(" AND ").append(prefix).append(args.size()).append(suffix);
        }
        return this;
    }

    /** A parameter after the filters' (a LIMIT, an OFFSET): its placeholder. */
    public String param(Object value) {
        args.add(value);
        return "$" + args.size();
    }

    public String where() {
        return where.toString();
    }

    public Tuple args() {
        return Tuple.from(args);
    }
}
