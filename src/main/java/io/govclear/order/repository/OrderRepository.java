package io.govclear.order.repository;

import io.govclear.common.Page;
import io.govclear.common.Rows;
import io.govclear.order.OrderStatus;
import io.govclear.payment.AttemptStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bills in PostgreSQL. Issuing is the hottest path of the unit API, so it uses the reactive Pool with one SQL
 * statement per call (nonce, bills and lines together) instead of Hibernate, which costs about twice the CPU.
 */
@Singleton
public class OrderRepository {

    /**
     * Records the request nonce and inserts the bills and their lines, all in one statement (one implicit
     * transaction). Nothing is inserted when the nonce was seen within the TTL; a bill whose (unit, unitOrderNo)
     * exists already is skipped.
     */
    public static final String INSERT_ORDERS = """
            WITH n AS (
                INSERT INTO api_nonce (unit_id, nonce, seen_at, key_no) VALUES ($1, $2, $3, $22)
                ON CONFLICT (unit_id, nonce) DO UPDATE SET seen_at = EXCLUDED.seen_at, key_no = EXCLUDED.key_no
                    WHERE api_nonce.seen_at < $4
                RETURNING 1
            ), o AS (
                INSERT INTO payment_order (payment_code, unit_id, unit_order_no, request_hash, status, principal_fen,
                    due_date, payable_until, description, payer_name_masked, payer_id_masked, payer_phone_masked,
                    payer_enc, payer_id_hash, payer_phone_hash, signed_key_no, created_at, updated_at)
                SELECT t.code, $1, t.no, t.hash, 'UNPAID', t.principal, t.due, t.until, t.descr, t.nm, t.im, t.pm,
                       t.enc, t.ih, t.ph, $22, $3, $3
                FROM unnest($5::text[], $6::text[], $7::bytea[], $8::bigint[], $9::date[], $10::date[], $11::text[],
                            $12::text[], $13::text[], $14::text[], $15::bytea[], $16::bytea[], $17::bytea[])
                     AS t(code, no, hash, principal, due, until, descr, nm, im, pm, enc, ih, ph)
                WHERE EXISTS (SELECT 1 FROM n)
                ON CONFLICT (unit_id, unit_order_no) DO NOTHING
                RETURNING id, unit_order_no
            ), l AS (
                INSERT INTO order_line (order_id, line_no, item_id, amount_fen)
                SELECT o.id, x.line_no, x.item_id, x.amount
                FROM unnest($18::text[], $19::smallint[], $20::bigint[], $21::bigint[]) AS x(no, line_no, item_id, amount)
                JOIN o ON o.unit_order_no = x.no
            )
            SELECT EXISTS (SELECT 1 FROM n) AS fresh_nonce,
                   (SELECT array_agg(id) FROM o) AS ids,
                   (SELECT array_agg(unit_order_no) FROM o) AS nos""";

    private static final String SELECT_ORDERS = """
            SELECT o.id, o.payment_code, o.unit_id, o.unit_order_no, o.request_hash, o.status, o.principal_fen,
                   o.due_date, o.payable_until, o.description, o.payer_name_masked, o.payer_id_masked,
                   o.payer_phone_masked, o.created_at,
                   array_agg(l.item_id ORDER BY l.line_no) AS item_ids,
                   array_agg(l.amount_fen ORDER BY l.line_no) AS amounts
            FROM payment_order o JOIN order_line l ON l.order_id = o.id
            """;

    private static final String NONCE = """
            INSERT INTO api_nonce (unit_id, nonce, seen_at, key_no) VALUES ($1, $2, $3, $5)
            ON CONFLICT (unit_id, nonce) DO UPDATE SET seen_at = EXCLUDED.seen_at, key_no = EXCLUDED.key_no
                WHERE api_nonce.seen_at < $4""";

    private static final String TRANSITION = """
            WITH c AS (
                UPDATE payment_order SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2
                RETURNING id, unit_id
            ), h AS (
                INSERT INTO order_status_change (order_id, from_status, to_status, event, reason, changed_at)
                SELECT id, $2, $3, $10, $5, $4 FROM c
            ), a AS (
                INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type, subject_id, details)
                SELECT $4, $6, $7, $8, 'ORDER', $9, jsonb_build_object('from', $2::text, 'to', $3::text,
                                                                       'reason', $5::text)
                FROM c
            ), w AS (
                INSERT INTO webhook_event (unit_id, order_id, type, order_status, occurred_at, url, status,
                                           next_attempt_at, created_at, updated_at)
                SELECT c.unit_id, c.id, 'order.' || lower($3), $3, $4, u.webhook_url, 'PENDING', $4, $4, $4
                FROM c JOIN collecting_unit u ON u.id = c.unit_id
                WHERE u.webhook_url IS NOT NULL AND $11
            )
            SELECT count(*) AS changed FROM c""";

    /** Every UNPAID bill of a unit cancelled at once (the unit is closed), each with its history, audit and webhook. */
    private static final String CANCEL_ALL_OPEN = """
            WITH c AS (
                UPDATE payment_order SET status = 'CANCELLED', updated_at = $2 WHERE unit_id = $1 AND status = 'UNPAID'
                RETURNING id, unit_id, payment_code
            ), h AS (
                INSERT INTO order_status_change (order_id, from_status, to_status, event, reason, changed_at)
                SELECT id, 'UNPAID', 'CANCELLED', $5, $3, $2 FROM c
            ), a AS (
                INSERT INTO audit_event (occurred_at, actor_type, actor, action, subject_type, subject_id, details)
                SELECT $2, 'STAFF', $4, 'ORDER_CANCELLED', 'ORDER', c.payment_code,
                       jsonb_build_object('from', 'UNPAID', 'to', 'CANCELLED', 'reason', $3::text)
                FROM c
            ), w AS (
                INSERT INTO webhook_event (unit_id, order_id, type, order_status, occurred_at, url, status,
                                           next_attempt_at, created_at, updated_at)
                SELECT c.unit_id, c.id, 'order.cancelled', 'CANCELLED', $2, u.webhook_url, 'PENDING', $2, $2, $2
                FROM c JOIN collecting_unit u ON u.id = c.unit_id
                WHERE u.webhook_url IS NOT NULL
            )
            SELECT count(*) AS changed FROM c""";

    /** The attempt statuses in which a payment may still happen. */
    private static final String[] OPEN_ATTEMPT = Arrays.stream(AttemptStatus.values()).filter(AttemptStatus::open)
            .map(AttemptStatus::name).toArray(String[]::new);

    @Inject Pool pool;

    /** Result of {@link #insertAll}: whether the nonce was fresh, and which unit order numbers were inserted. */
    public record InsertResult(boolean freshNonce, List<Long> ids, List<String> unitOrderNos) {
    }

    public Uni<InsertResult> insertAll(long unitId, int keyNo, String nonce, Instant now, Instant nonceCutoff,
            List<NewOrder> orders) {
        int n = orders.size();
        String[] codes = new String[n];
        String[] nos = new String[n];
        Buffer[] hashes = new Buffer[n];
        Long[] principals = new Long[n];
        LocalDate[] dues = new LocalDate[n];
        LocalDate[] untils = new LocalDate[n];
        String[] descriptions = new String[n];
        String[] names = new String[n];
        String[] ids = new String[n];
        String[] phones = new String[n];
        Buffer[] encs = new Buffer[n];
        Buffer[] idHashes = new Buffer[n];
        Buffer[] phoneHashes = new Buffer[n];
        List<String> lineNos = new ArrayList<>();
        List<Short> lineNumbers = new ArrayList<>();
        List<Long> itemIds = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NewOrder o = orders.get(i);
            codes[i] = o.paymentCode();
            nos[i] = o.unitOrderNo();
            hashes[i] = buffer(o.requestHash());
            principals[i] = o.principalFen();
            dues[i] = o.dueDate();
            untils[i] = o.payableUntil();
            descriptions[i] = o.description();
            names[i] = o.payerNameMasked();
            ids[i] = o.payerIdMasked();
            phones[i] = o.payerPhoneMasked();
            encs[i] = buffer(o.payerEnc());
            idHashes[i] = buffer(o.payerIdHash());
            phoneHashes[i] = buffer(o.payerPhoneHash());
            for (StoredOrder.Line line : o.lines()) {
                lineNos.add(o.unitOrderNo());
                lineNumbers.add((short) line.lineNo());
                itemIds.add(line.itemId());
                amounts.add(line.amountFen());
            }
        }
        Tuple args = Tuple.from(new Object[] { unitId, nonce, Rows.at(now), Rows.at(nonceCutoff), codes, nos,
                hashes, principals, dues, untils, descriptions, names, ids, phones, encs, idHashes, phoneHashes,
                lineNos.toArray(String[]::new), lineNumbers.toArray(Short[]::new), itemIds.toArray(Long[]::new),
                amounts.toArray(Long[]::new), keyNo });
        return pool.preparedQuery(INSERT_ORDERS).execute(args)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Long[] inserted = row.getArrayOfLongs("ids");
                    String[] insertedNos = row.getArrayOfStrings("nos");
                    return new InsertResult(row.getBoolean("fresh_nonce"),
                            inserted == null ? List.of() : Arrays.asList(inserted),
                            insertedNos == null ? List.of() : Arrays.asList(insertedNos));
                });
    }

    /** Records a request nonce and the API key that signed it; false when it was seen after the cutoff (a replay). */
    public Uni<Boolean> recordNonce(long unitId, int keyNo, String nonce, Instant now, Instant cutoff) {
        return pool.preparedQuery(NONCE)
                .execute(Tuple.of(unitId, nonce, Rows.at(now), Rows.at(cutoff), keyNo))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Long> purgeNonces(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM api_nonce WHERE seen_at < $1")
                .execute(Tuple.of(Rows.at(cutoff)))
                .map(rows -> (long) rows.rowCount());
    }

    public Uni<List<StoredOrder>> findByUnitOrderNos(long unitId, Set<String> unitOrderNos) {
        return pool.preparedQuery(SELECT_ORDERS + " WHERE o.unit_id = $1 AND o.unit_order_no = ANY($2) GROUP BY o.id")
                .execute(Tuple.of(unitId, unitOrderNos.toArray(String[]::new)))
                .map(OrderRepository::toOrders);
    }

    public Uni<Optional<StoredOrder>> findByCode(String paymentCode) {
        return pool.preparedQuery(SELECT_ORDERS + " WHERE o.payment_code = $1 GROUP BY o.id")
                .execute(Tuple.of(paymentCode))
                .map(rows -> toOrders(rows).stream().findFirst());
    }

    /** The encrypted payer data of a bill (see OrderService.payerContext), if the bill exists. */
    public Uni<Optional<byte[]>> payerEnc(String paymentCode) {
        return pool.preparedQuery("SELECT payer_enc FROM payment_order WHERE payment_code = $1")
                .execute(Tuple.of(paymentCode))
                .map(rows -> Rows.first(rows, r -> r.getBuffer("payer_enc").getBytes()));
    }

    /** The bill with this code, its row locked for the rest of the caller's transaction. */
    public Uni<Optional<StoredOrder>> lockByCode(SqlClient tx, String paymentCode) {
        return tx.preparedQuery(SELECT_ORDERS
                        + " WHERE o.id = (SELECT id FROM payment_order WHERE payment_code = $1 FOR UPDATE)"
                        + " GROUP BY o.id")
                .execute(Tuple.of(paymentCode))
                .map(rows -> toOrders(rows).stream().findFirst());
    }

    /** A bill's payment undone (a reversed bank counter payment); false when another attempt paid it. */
    public Uni<Boolean> clearPayment(SqlClient tx, long orderId, long attemptId) {
        return tx.preparedQuery("UPDATE payment_order SET paid_attempt_id = NULL, paid_at = NULL"
                        + " WHERE id = $1 AND paid_attempt_id = $2")
                .execute(Tuple.of(orderId, attemptId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A unit's bills, newest first, optionally by status and creation date (Asia/Shanghai, inclusive). */
    public Uni<Page<StoredOrder>> list(long unitId, OrderStatus status, Instant from, Instant toExclusive, int page,
            int size) {
        String where = " WHERE o.unit_id = $1 AND ($2::text IS NULL OR o.status = $2)"
                + " AND ($3::timestamptz IS NULL OR o.created_at >= $3)"
                + " AND ($4::timestamptz IS NULL OR o.created_at < $4)";
        Tuple filter = Tuple.of(unitId, status == null ? null : status.name(), Rows.at(from), Rows.at(toExclusive));
        return pool.preparedQuery("SELECT count(*) AS total FROM payment_order o" + where)
                .execute(filter)
                .map(rows -> rows.iterator().next().getLong("total"))
                .chain(total -> pool.preparedQuery(SELECT_ORDERS + where
                        + " GROUP BY o.id ORDER BY o.created_at DESC, o.id DESC LIMIT $5 OFFSET $6")
                        .execute(Tuple.from(new Object[] { unitId, status == null ? null : status.name(),
                                Rows.at(from), Rows.at(toExclusive), size, (long) page * size }))
                        .map(rows -> new Page<>(page, size, total, toOrders(rows))));
    }

    /**
     * Compare-and-set status change with its history row and audit event, in one statement on the given client
     * (a pool, or a connection inside a caller's transaction). False when the bill was no longer in {@code from}.
     * A change to a status units hear of ({@link OrderStatus#notifiesUnit}) also queues the unit's webhook event
     * in the same statement, if the unit has a webhook URL (see webhook/WebhookDelivery).
     */
    public Uni<Boolean> transition(SqlClient client, long orderId, String paymentCode, OrderStatus from,
            OrderStatus to, String reason, Instant at, String actorType, String actor, String action) {
        String event = OrderStatus.MACHINE.event(from, to);
        return client.preparedQuery(TRANSITION)
                .execute(Tuple.from(new Object[] { orderId, from.name(), to.name(), Rows.at(at), reason,
                        actorType, actor, action, paymentCode, event, to.notifiesUnit() }))
                .map(rows -> rows.iterator().next().getLong("changed") == 1);
    }

    /**
     * Cancels every UNPAID bill of the unit in one statement, each as a staff member's cancellation with the reason
     * (history, audit, the unit's webhook); returns how many. Attempts still open at a channel are closed there by
     * the compensation job, as for any cancelled bill.
     */
    public Uni<Long> cancelAllOpen(SqlClient tx, long unitId, String reason, Instant at, String actor) {
        return tx.preparedQuery(CANCEL_ALL_OPEN)
                .execute(Tuple.of(unitId, Rows.at(at), reason, actor,
                        OrderStatus.MACHINE.event(OrderStatus.UNPAID, OrderStatus.CANCELLED)))
                .map(rows -> rows.iterator().next().getLong("changed"));
    }

    /** A bill's status under its row lock, and whether an attempt of it is still open (CREATED or PENDING). */
    public record Locked(OrderStatus status, boolean openAttempts) {
    }

    /** Locks the bill for the rest of {@code tx}: its status and whether a payment of it is still open. */
    public Uni<Locked> lockWithOpenAttempts(SqlClient tx, long orderId) {
        return tx.preparedQuery("""
                        SELECT o.status, EXISTS (SELECT 1 FROM payment_attempt a WHERE a.order_id = o.id
                                                 AND a.status = ANY($2)) AS open
                        FROM payment_order o WHERE o.id = $1 FOR UPDATE""")
                .execute(Tuple.of(orderId, OPEN_ATTEMPT))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Locked(OrderStatus.valueOf(r.getString("status")), r.getBoolean("open"));
                });
    }

    /**
     * Unpaid bills due on or before {@code dueBy}, after {@code afterId} by id (keyset pages), for the reminder job;
     * with {@code pastPayableUntil}, only those whose payable-until date is before that day, for the expiry job.
     */
    public Uni<List<StoredOrder>> unpaidDueBy(LocalDate dueBy, boolean pastPayableUntil, long afterId, int limit) {
        return pool.preparedQuery(SELECT_ORDERS + " WHERE o.status = 'UNPAID' AND o.due_date <= $1 AND o.id > $2"
                        + " AND (NOT $3 OR o.payable_until <= $1) GROUP BY o.id ORDER BY o.id LIMIT $4")
                .execute(Tuple.of(dueBy, afterId, pastPayableUntil, limit))
                .map(OrderRepository::toOrders);
    }

    /** Records which attempt paid the bill (in the transaction that moves it to PAID). */
    public Uni<Void> recordPayment(SqlClient tx, long orderId, long attemptId, Instant paidAt) {
        return tx.preparedQuery("UPDATE payment_order SET paid_attempt_id = $2, paid_at = $3 WHERE id = $1")
                .execute(Tuple.of(orderId, attemptId, Rows.at(paidAt)))
                .replaceWithVoid();
    }

    public Uni<OrderStatus> statusOf(long orderId) {
        return pool.preparedQuery("SELECT status FROM payment_order WHERE id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> OrderStatus.valueOf(rows.iterator().next().getString("status")));
    }

    private static List<StoredOrder> toOrders(RowSet<Row> rows) {
        List<StoredOrder> orders = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Long[] items = r.getArrayOfLongs("item_ids");
            Long[] amounts = r.getArrayOfLongs("amounts");
            List<StoredOrder.Line> lines = new ArrayList<>(items.length);
            for (int i = 0; i < items.length; i++) {
                lines.add(new StoredOrder.Line(i + 1, items[i], amounts[i]));
            }
            orders.add(new StoredOrder(r.getLong("id"), r.getString("payment_code"), r.getLong("unit_id"),
                    r.getString("unit_order_no"), r.getBuffer("request_hash").getBytes(),
                    OrderStatus.valueOf(r.getString("status")), r.getLong("principal_fen"),
                    r.getLocalDate("due_date"), r.getLocalDate("payable_until"), r.getString("description"),
                    r.getString("payer_name_masked"), r.getString("payer_id_masked"),
                    r.getString("payer_phone_masked"), Rows.instant(r, "created_at"), lines));
        }
        return orders;
    }

    private static Buffer buffer(byte[] bytes) {
        return bytes == null ? null : Buffer.buffer(bytes);
    }
}
