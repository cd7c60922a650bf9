package io.govclear.receipt;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Receipts, the chain head and the issuer's work list in PostgreSQL (reactive client, plain SQL). */
@Singleton
public class ReceiptRepository {

    private static final String COLUMNS = """
            r.seq, r.receipt_no, r.check_code, r.order_id, r.attempt_id, r.payment_code, r.payment_id, r.channel,
            r.unit_code, r.unit_name, r.payer_name_masked, r.lines, r.principal_fen, r.late_fee_fen, r.total_fen,
            r.paid_at, r.issued_at, r.prev_hash, r.hash""";

    private static final String DUE = """
            SELECT o.id, o.payment_code, o.unit_id, o.payer_name_masked, o.paid_at, a.id AS attempt_id, a.payment_id,
                   a.channel, a.principal_fen, a.late_fee_fen, a.amount_fen,
                   array_agg(l.item_id ORDER BY l.line_no) AS item_ids,
                   array_agg(l.amount_fen ORDER BY l.line_no) AS amounts
            FROM (SELECT id FROM payment_order WHERE paid_attempt_id IS NOT NULL AND receipt_id IS NULL
                  ORDER BY paid_at, id LIMIT $1) d
            JOIN payment_order o ON o.id = d.id
            JOIN payment_attempt a ON a.id = o.paid_attempt_id
            JOIN order_line l ON l.order_id = o.id
            GROUP BY o.id, a.id
            ORDER BY o.paid_at, o.id""";

    private static final String INSERT = """
            INSERT INTO receipt (seq, receipt_no, check_code, order_id, attempt_id, payment_code, payment_id, channel,
                                 unit_code, unit_name, payer_name_masked, lines, principal_fen, late_fee_fen,
                                 total_fen, paid_at, issued_at, prev_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)""";

    @Inject Pool pool;

    /** The last receipt of the chain: its number (0 before the first) and hash (32 zero bytes before the first). */
    public record Head(long lastSeq, byte[] lastHash) {
    }

    /** A paid bill waiting for its receipt, with what paid it. */
    public record Due(long orderId, String paymentCode, long unitId, String payerNameMasked, Instant paidAt,
            long attemptId, String paymentId, String channel, long principalFen, long lateFeeFen, long amountFen,
            List<Long> itemIds, List<Long> amounts) {
    }

    /** A receipt with what verifying it needs: the previous receipt's hash and the bill's status now. */
    public record Found(Receipt receipt, byte[] previousHash, String orderStatus) {
    }

    /** The public reference to a receipt: enough to verify it and fetch its PDF. */
    public record Ref(String receiptNo, String checkCode) {
    }

    /** Cheap check outside any transaction (uses the partial index of bills awaiting a receipt). */
    public Uni<Boolean> anyDue() {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM payment_order"
                        + " WHERE paid_attempt_id IS NOT NULL AND receipt_id IS NULL) AS due")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean("due"));
    }

    /** Locks the chain head; empty when another issuer holds it (it will issue what is due). */
    public Uni<Optional<Head>> lockHead(SqlClient tx) {
        return tx.preparedQuery("SELECT last_seq, last_hash FROM receipt_chain_head WHERE id = 1"
                        + " FOR UPDATE SKIP LOCKED")
                .execute()
                .map(rows -> Rows.first(rows, ReceiptRepository::head));
    }

    public Uni<Head> head() {
        return pool.preparedQuery("SELECT last_seq, last_hash FROM receipt_chain_head WHERE id = 1").execute()
                .map(rows -> head(rows.iterator().next()));
    }

    /** Paid bills without a receipt, oldest payment first. */
    public Uni<List<Due>> due(SqlClient tx, int limit) {
        return tx.preparedQuery(DUE).execute(Tuple.of(limit))
                .map(rows -> Rows.list(rows, r -> new Due(r.getLong("id"), r.getString("payment_code"),
                        r.getLong("unit_id"), r.getString("payer_name_masked"), Rows.instant(r, "paid_at"),
                        r.getLong("attempt_id"), r.getString("payment_id"), r.getString("channel"),
                        r.getLong("principal_fen"), r.getLong("late_fee_fen"), r.getLong("amount_fen"),
                        List.of(r.getArrayOfLongs("item_ids")), List.of(r.getArrayOfLongs("amounts")))));
    }

    /** Inserts the receipts, links their bills to them and moves the chain head, in the caller's transaction. */
    public Uni<Void> append(SqlClient tx, List<Receipt> receipts, Instant now) {
        List<Tuple> rows = receipts.stream().map(ReceiptRepository::tuple).toList();
        Receipt last = receipts.get(receipts.size() - 1);
        return tx.preparedQuery(INSERT).executeBatch(rows)
                .chain(() -> tx.preparedQuery("UPDATE payment_order o SET receipt_id = r.id FROM receipt r"
                                + " WHERE r.order_id = o.id AND r.seq BETWEEN $1 AND $2")
                        .execute(Tuple.of(receipts.get(0).seq(), last.seq())))
                .chain(() -> tx.preparedQuery("UPDATE receipt_chain_head SET last_seq = $1, last_hash = $2,"
                                + " updated_at = $3 WHERE id = 1")
                        .execute(Tuple.of(last.seq(), Buffer.buffer(last.hash()), Rows.at(now))))
                .replaceWithVoid();
    }

    public Uni<Optional<Found>> findByNo(String receiptNo) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", p.hash AS previous_hash, o.status AS order_status"
                        + " FROM receipt r JOIN payment_order o ON o.id = r.order_id"
                        + " LEFT JOIN receipt p ON p.seq = r.seq - 1 WHERE r.receipt_no = $1")
                .execute(Tuple.of(receiptNo))
                .map(rows -> Rows.first(rows, r -> {
                    boolean first = r.getValue("previous_hash") == null;
                    return new Found(receipt(r), first ? null : r.getBuffer("previous_hash").getBytes(),
                            r.getString("order_status"));
                }));
    }

    /** Up to {@code limit} receipts after a chain position, in chain order. */
    public Uni<List<Receipt>> after(long seq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM receipt r WHERE r.seq > $1 ORDER BY r.seq LIMIT $2")
                .execute(Tuple.of(seq, limit))
                .map(rows -> Rows.list(rows, ReceiptRepository::receipt));
    }

    public Uni<Optional<Ref>> refForOrder(long orderId) {
        return ref("order_id", orderId);
    }

    public Uni<Optional<Ref>> refForAttempt(long attemptId) {
        return ref("attempt_id", attemptId);
    }

    private Uni<Optional<Ref>> ref(String column, long id) {
        return pool.preparedQuery("SELECT receipt_no, check_code FROM receipt WHERE " + column + " = $1")
                .execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, r -> new Ref(r.getString("receipt_no"), r.getString("check_code"))));
    }

    private static Tuple tuple(Receipt r) {
        JsonArray lines = new JsonArray();
        for (Receipt.Line line : r.lines()) {
            lines.add(new JsonObject().put("itemCode", line.itemCode()).put("itemName", line.itemName())
                    .put("category", line.category()).put("amountFen", line.amountFen()));
        }
        return Tuple.from(new Object[] { r.seq(), r.receiptNo(), r.checkCode(), r.orderId(), r.attemptId(),
                r.paymentCode(), r.paymentId(), r.channel(), r.unitCode(), r.unitName(), r.payerNameMasked(), lines,
                r.principalFen(), r.lateFeeFen(), r.totalFen(), Rows.at(r.paidAt()), Rows.at(r.issuedAt()),
                Buffer.buffer(r.prevHash()), Buffer.buffer(r.hash()) });
    }

    private static Receipt receipt(Row r) {
        JsonArray json = (JsonArray) r.getValue("lines");
        List<Receipt.Line> lines = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            JsonObject line = json.getJsonObject(i);
            lines.add(new Receipt.Line(line.getString("itemCode"), line.getString("itemName"),
                    line.getString("category"), line.getLong("amountFen")));
        }
        return new Receipt(r.getLong("seq"), r.getString("receipt_no"), r.getString("check_code"),
                r.getLong("order_id"), r.getLong("attempt_id"), r.getString("payment_code"),
                r.getString("payment_id"), r.getString("channel"), r.getString("unit_code"), r.getString("unit_name"),
                r.getString("payer_name_masked"), lines, r.getLong("principal_fen"), r.getLong("late_fee_fen"),
                r.getLong("total_fen"), Rows.instant(r, "paid_at"), Rows.instant(r, "issued_at"),
                r.getBuffer("prev_hash").getBytes(),
                r.getBuffer("hash").getBytes());
    }

    private static Head head(Row row) {
        return new Head(row.getLong("last_seq"), row.getBuffer("last_hash").getBytes());
    }
}
