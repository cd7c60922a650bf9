package io.govclear.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.function.Function;
import java.util.function.Supplier;

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
     * Runs {@code work} only while this instance holds the session advisory lock {@code key} (a pass of a job that N
     * instances schedule); {@code busy} when another instance holds it. The lock is released when the work ends.
     */
    public <T> Uni<T> underSessionLock(long key, Supplier<Uni<T>> work, T busy) {
        return pool.withConnection(lock -> lock.preparedQuery("SELECT pg_try_advisory_lock($1) AS got")
                .execute(Tuple.of(key))
                .chain(rows -> !rows.iterator().next().getBoolean("got") ? Uni.createFrom().item(busy)
                        : work.get().eventually(() -> lock.preparedQuery("SELECT pg_advisory_unlock($1)")
                                .execute(Tuple.of(key)))));
    }

    /** Where a single repository statement runs on its own, committed at once. */
    public SqlClient autoCommit() {
        return pool;
    }
}
