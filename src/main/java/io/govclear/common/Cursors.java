package io.govclear.common;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;

/**
 * Streams a query of any size through one SQL cursor ({@code DECLARE … CURSOR}, then {@code FETCH} a page at a
 * time): PostgreSQL plans it once, for the first rows fast ({@code cursor_tuple_fraction}: an index scan in the
 * order asked, not a sort of everything first), the rows come out of one snapshot, and only a page is in memory. No
 * fetch runs longer than {@link #FETCH_TIMEOUT}, so a download that is dropped gives its connection back promptly.
 */
public final class Cursors {

    static final String FETCH_TIMEOUT = "30s";

    private Cursors() {
    }

    private record Open(SqlConnection connection, Transaction transaction) {
    }

    /**
     * The query's rows in pages of at most {@code size}, none empty, each fetched when the one before has been taken.
     * The cursor lives in a read-only transaction on a connection of its own, rolled back and given back when the
     * stream completes, fails or is cancelled.
     */
    public static <T> Multi<List<T>> pages(Pool pool, String sql, Tuple args, int size, Function<Row, T> mapper) {
        return Multi.createFrom().resourceFromUni(() -> pool.getConnection()
                                .chain(connection -> connection.begin().map(tx -> new Open(connection, tx))),
                        open -> fetch(open.connection(), sql, args, size).map(rows -> Rows.list(rows, mapper)))
                .withFinalizer((Open open) -> open.transaction().rollback().onFailure().recoverWithNull()
                        .eventually(open.connection()::close))
                .select().where(rows -> !rows.isEmpty());
    }

    private static Multi<RowSet<Row>> fetch(SqlConnection connection, String sql, Tuple args, int size) {
        // the FETCH names its query: the statement cache keeps a prepared statement's result columns, and one text
        // for every cursor would read another query's rows with the first one's column formats
        String next = "FETCH " + size + " FROM export /* " + Integer.toHexString(sql.hashCode()) + " "
                + sql.length() + " */";
        return connection.query("SET TRANSACTION READ ONLY; SET LOCAL cursor_tuple_fraction = 0.01;"
                        + " SET LOCAL statement_timeout = '" + FETCH_TIMEOUT + "'").execute()
                .chain(() -> connection.preparedQuery("DECLARE export NO SCROLL CURSOR FOR " + sql).execute(args))
                .onItem().transformToMulti(declared -> Multi.createBy().repeating()
                        .uni(() -> connection.preparedQuery(next).execute())
                        .whilst(rows -> rows.size() == size));
    }
}
