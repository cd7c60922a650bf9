package io.govclear.channel.unionpay;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The transactions the adapter has signed (consumes and refunds), by orderId: their txnTime and consume form. */
@Singleton
class UnionPayTxns {

    /** One signed transaction; {@code form} is the consume's signed fields (null for a refund). */
    record Txn(String orderId, String paymentId, String txnType, String txnTime, long txnAmt,
            Map<String, String> form) {
    }

    @Inject Pool pool;

    /** Stores the transaction unless its orderId is known; returns the stored one (the first signing wins). */
    Uni<Txn> remember(Txn txn, Instant now) {
        return pool.preparedQuery("""
                        WITH i AS (
                            INSERT INTO unionpay_txn (order_id, payment_id, txn_type, txn_time, txn_amt, form,
                                                      created_at)
                            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_id) DO NOTHING RETURNING *
                        )
                        SELECT * FROM i UNION ALL SELECT * FROM unionpay_txn WHERE order_id = $1""")
                .execute(Tuple.from(new Object[] { txn.orderId(), txn.paymentId(), txn.txnType(), txn.txnTime(),
                        txn.txnAmt(), txn.form() == null ? null : new JsonObject(Map.copyOf(txn.form())),
                        Rows.at(now) }))
                .map(rows -> toTxn(rows.iterator().next()));
    }

    Uni<Optional<Txn>> find(String orderId) {
        return pool.preparedQuery("SELECT * FROM unionpay_txn WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(toTxn(rows.iterator().next()))
                        : Optional.empty());
    }

    private static Txn toTxn(Row r) {
        JsonObject json = r.getJsonObject("form");
        Map<String, String> form = null;
        if (json != null) {
            form = new LinkedHashMap<>();
            for (String key : json.fieldNames()) {
                form.put(key, json.getString(key));
            }
        }
        return new Txn(r.getString("order_id"), r.getString("payment_id"), r.getString("txn_type"),
                r.getString("txn_time"), r.getLong("txn_amt"), form);
    }
}
