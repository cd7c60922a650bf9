package io.govclear.counter.repository;

import io.govclear.channel.bank.Bank;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** The banks' queries, confirmations and nonces, with the reactive Pool like the rest of the payment path. */
@Singleton
public class CounterRepository {

    private static final String CONFIRMATION = """
            SELECT id, bank, bank_serial_no, confirmation_no, attempt_id, order_id, payment_code, amount_fen, paid_at,
                   business_date, duplicate, status, reconciled_at
            FROM bank_confirmation WHERE bank = $1 AND bank_serial_no = $2""";

    @Inject Pool pool;

    /** Records a bank's request nonce; false when it was seen after the cutoff (a replay). */
    public Uni<Boolean> recordNonce(Bank bank, String nonce, Instant now, Instant cutoff) {
        return pool.preparedQuery("""
                        INSERT INTO bank_nonce (bank, nonce, seen_at) VALUES ($1, $2, $3)
                        ON CONFLICT (bank, nonce) DO UPDATE SET seen_at = EXCLUDED.seen_at
                            WHERE bank_nonce.seen_at < $4""")
                .execute(Tuple.of(bank.name(), nonce, Rows.at(now), Rows.at(cutoff)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Long> purgeNonces(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM bank_nonce WHERE seen_at < $1")
                .execute(Tuple.of(Rows.at(cutoff)))
                .map(rows -> (long) rows.rowCount());
    }

    /** The unit's settlement account: where the bank sends the money it collects. */
    public Uni<String> payeeAccount(long unitId) {
        return pool.preparedQuery("SELECT settlement_account FROM collecting_unit WHERE id = $1")
                .execute(Tuple.of(unitId))
                .map(rows -> rows.iterator().next().getString("settlement_account"));
    }

    public Uni<Void> recordQuery(Bank bank, long orderId, LocalDate businessDate, BankQuery told, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO bank_query (bank, order_id, business_date, status, principal_fen, late_fee_fen,
                                                amount_due_fen, queried_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(new Object[] { bank.name(), orderId, businessDate, (short) told.status(),
                        told.principalFen(), told.lateFeeFen(), told.amountDueFen(), Rows.at(now) }))
                .replaceWithVoid();
    }

    /** The last thing this bank was told about the bill on that business day. */
    public Uni<Optional<BankQuery>> lastQuery(SqlClient client, Bank bank, long orderId, LocalDate businessDate) {
        return client.preparedQuery("""
                        SELECT status, principal_fen, late_fee_fen, amount_due_fen FROM bank_query
                        WHERE order_id = $1 AND bank = $2 AND business_date = $3 ORDER BY id DESC LIMIT 1""")
                .execute(Tuple.of(orderId, bank.name(), businessDate))
                .map(rows -> Rows.first(rows, r -> new BankQuery(r.getInteger("status"), r.getLong("principal_fen"),
                        r.getLong("late_fee_fen"), r.getLong("amount_due_fen"))));
    }

    public Uni<Optional<Confirmation>> confirmation(SqlClient client, Bank bank, String bankSerialNo) {
        return client.preparedQuery(CONFIRMATION)
                .execute(Tuple.of(bank.name(), bankSerialNo))
                .map(rows -> Rows.first(rows, CounterRepository::confirmation));
    }

    /** The confirmation, locked for the rest of the caller's transaction. */
    public Uni<Optional<Confirmation>> lockConfirmation(SqlClient tx, Bank bank, String bankSerialNo) {
        return tx.preparedQuery(CONFIRMATION + " FOR UPDATE")
                .execute(Tuple.of(bank.name(), bankSerialNo))
                .map(rows -> Rows.first(rows, CounterRepository::confirmation));
    }

    /** Fails on the unique key when the bank's serial number is taken (a concurrent confirm with it won). */
    public Uni<Confirmation> insertConfirmation(SqlClient tx, Bank bank, String bankSerialNo, String confirmationNo,
            long attemptId, long orderId, String paymentCode, long amountFen, Instant paidAt, LocalDate businessDate,
            boolean duplicate, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO bank_confirmation (bank, bank_serial_no, confirmation_no, attempt_id, order_id,
                            payment_code, amount_fen, paid_at, business_date, duplicate, status, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'CONFIRMED', $11)
                        RETURNING id""")
                .execute(Tuple.from(new Object[] { bank.name(), bankSerialNo, confirmationNo, attemptId, orderId,
                        paymentCode, amountFen, Rows.at(paidAt), businessDate, duplicate, Rows.at(now) }))
                .map(rows -> new Confirmation(rows.iterator().next().getLong("id"), bank, bankSerialNo,
                        confirmationNo, attemptId, orderId, paymentCode, amountFen, paidAt, businessDate, duplicate,
                        false, null));
    }

    public Uni<Void> markReversed(SqlClient tx, long id, Instant now) {
        return tx.preparedQuery("UPDATE bank_confirmation SET status = 'REVERSED', reversed_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, Rows.at(now)))
                .replaceWithVoid();
    }

    private static Confirmation confirmation(Row r) {
        return new Confirmation(r.getLong("id"), Bank.valueOf(r.getString("bank")), r.getString("bank_serial_no"),
                r.getString("confirmation_no"), r.getLong("attempt_id"), r.getLong("order_id"),
                r.getString("payment_code"), r.getLong("amount_fen"), Rows.instant(r, "paid_at"),
                r.getLocalDate("business_date"), r.getBoolean("duplicate"), "REVERSED".equals(r.getString("status")),
                Rows.instant(r, "reconciled_at"));
    }
}
