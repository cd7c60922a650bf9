package io.govclear.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.function.Function;

/**
 * The one way a service composes repository calls: {@link #inTransaction} hands each repository call the same
 * transaction, committed when the work succeeds and rolled back when it fails. Services never touch the pool; only
 * repositories hold SQL.
 */
@Singleton
public class Transactions {

    private final Pool pool;

    public Transactions(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} in one transaction. */
    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(work::apply);
    }

    /**
     * Runs {@code work} on one connection outside a transaction, for what must outlive a transaction (a session
     * advisory lock held over many transactions) or follow a failed one.
     */
    public <T> Uni<T> onConnection(Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(work::apply);
    }

    /** Where a single repository statement runs on its own, committed at once. */
    public SqlClient autoCommit() {
        return pool;
    }
}
