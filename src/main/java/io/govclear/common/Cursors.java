package io.govclear.common;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;

/**
 * Streams a query of any size through one server-side cursor, a page at a time: PostgreSQL plans and runs the query
 * once, the rows come out of one snapshot (an export is the state of one moment), and only a page is in memory.
 */
public final class Cursors {

    private Cursors() {
    }

    /**
     * The query's rows in pages of at most {@code size}, none empty, each read when the one before has been taken.
     * The cursor lives in a read-only transaction on a connection of its own, ended and given back when the stream
     * completes, fails or is cancelled (a download the browser dropped).
     */
    public static <T> Multi<List<T>> pages(Pool pool, String sql, Tuple args, int size, Function<Row, T> mapper) {
        return Multi.createFrom().resourceFromUni(pool::getConnection, connection -> read(connection, sql, args, size)
                        .map(rows -> Rows.list(rows, mapper)))
                .withFinalizer((SqlConnection connection) -> connection.query("COMMIT").execute().replaceWithVoid()
                        .onFailure().recoverWithNull().chain(connection::close))
                .select().where(rows -> !rows.isEmpty());
    }

    private static Multi<RowSet<Row>> read(SqlConnection connection, String sql, Tuple args,
            int size) {
        return connection.query("BEGIN READ ONLY").execute()
                .chain(() -> connection.prepare(sql))
                .onItem().transformToMulti(statement -> {
                    Cursor cursor = statement.cursor(args);
                    return Multi.createBy().repeating().uni(() -> cursor.read(size)).whilst(rows -> cursor.hasMore())
                            .onTermination().call(statement::close);
                });
    }
}
