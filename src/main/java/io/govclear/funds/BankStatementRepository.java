package io.govclear.funds;

import io.govclear.common.Clocks;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tables bank_statement and bank_entry (V23). */
@Singleton
public class BankStatementRepository {

    /** A statement as loaded. */
    public record Statement(long id, String account, LocalDate bookingDate, String format, int generation,
            long openingFen, long closingFen, int entryCount, long creditFen, long debitFen, String loadedBy,
            Instant loadedAt, String reloadReason) {
    }

    /** An entry as stored, its counterparty masked. */
    public record StoredEntry(LocalDate bookingDate, int position, String direction, long amountFen,
            LocalDate valueDate, String reference, String bankReference, String counterpartyName,
            String counterpartyMasked, String remittance, String returnReason, EntryKind kind, String channel,
            LocalDate settledDate, String voucherNo, Long decisionId, String decisionKind, String decisionStatus,
            String decisionBill) {
    }

    private static final String STATEMENT = "id, account, booking_date, format, generation, opening_fen, closing_fen,"
            + " entry_count, credit_fen, debit_fen, loaded_by, loaded_at, reload_reason";
    private static final String ENTRY = "s.booking_date, e.position, e.direction, e.amount_fen, e.value_date,"
            + " e.reference, e.bank_reference, e.counterparty_name, e.counterparty_masked, e.remittance,"
            + " e.return_reason, e.kind, e.channel, e.settled_date, e.voucher_no, d.id, d.kind, d.status, d.payment_code";

    @Inject Pool pool;

    /** A new statement, empty until {@link #finish}; empty when the account's statement of that date exists. */
    public Uni<Optional<Long>> insert(SqlClient tx, String account, LocalDate date, String format, long openingFen,
            byte[] sha256, String by, Instant at) {
        return tx.preparedQuery("INSERT INTO bank_statement (account, booking_date, format, opening_fen, closing_fen,"
                        + " entry_count, credit_fen, debit_fen, sha256, loaded_by, loaded_at)"
                        + " VALUES ($1, $2, $3, $4, $4, 0, 0, 0, $5, $6, $7)"
                        + " ON CONFLICT (account, booking_date) DO NOTHING RETURNING id")
                .execute(Tuple.from(new Object[] { account, date, format, openingFen,
                    Buffer.buffer(sha256), by, Rows.at(at) }))
                .map(rows -> Rows.first(rows, r -> r.getLong(0)));
    }

    /** The account's statement of that date, locked for a reload. */
    public Uni<Optional<Statement>> lock(SqlClient tx, String account, LocalDate date) {
        return tx.preparedQuery("SELECT " + STATEMENT + " FROM bank_statement WHERE account = $1 AND booking_date = $2"
                        + " FOR UPDATE")
                .execute(Tuple.of(account, date))
                .map(rows -> Rows.first(rows, BankStatementRepository::statement));
    }

    /** A reload: the entries of the previous generation are dropped (their postings reversed by the caller). */
    public Uni<Void> restart(SqlClient tx, long id, String format, long openingFen, byte[] sha256, String by,
            String reason, Instant at) {
        return tx.preparedQuery("DELETE FROM bank_entry WHERE statement_id = $1").execute(Tuple.of(id))
                .chain(() -> tx.preparedQuery("UPDATE bank_statement SET generation = generation + 1, format = $2,"
                                + " opening_fen = $3, closing_fen = $3, entry_count = 0, credit_fen = 0, debit_fen = 0,"
                                + " sha256 = $4, loaded_by = $5, loaded_at = $6, reload_reason = $7 WHERE id = $1")
                        .execute(Tuple.from(new Object[] { id, format, openingFen,
                            Buffer.buffer(sha256), by, Rows.at(at), reason })))
                .replaceWithVoid();
    }

    /** The bank references of a statement's entries (to reverse their postings on a reload). */
    public Uni<List<String>> bankReferences(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT bank_reference FROM bank_entry WHERE statement_id = $1 ORDER BY position")
                .execute(Tuple.of(id)).map(rows -> Rows.list(rows, r -> r.getString(0)));
    }

    /** Inserts a batch of entries: each tuple in {@link #ENTRY_COLUMNS} order. */
    public Uni<Void> insertEntries(SqlClient tx, List<Tuple> entries) {
        return entries.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery("INSERT INTO bank_entry (" + ENTRY_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6,"
                        + " $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)").executeBatch(entries).replaceWithVoid();
    }

    static final String ENTRY_COLUMNS = "statement_id, position, direction, amount_fen, value_date, reference,"
            + " bank_reference, counterparty_name, counterparty_masked, counterparty_enc, remittance, return_reason,"
            + " kind, channel, settled_date, voucher_no";

    /** The statement's totals once every entry is in (the CHECK holds opening + credits − debits = closing). */
    public Uni<Void> finish(SqlClient tx, long id, int count, long creditFen, long debitFen, long closingFen,
            byte[] sha256) {
        return tx.preparedQuery("UPDATE bank_statement SET entry_count = $2, credit_fen = $3, debit_fen = $4,"
                        + " closing_fen = $5, sha256 = $6 WHERE id = $1")
                .execute(Tuple.from(new Object[] { id, count, creditFen, debitFen, closingFen,
                    Buffer.buffer(sha256) })).replaceWithVoid();
    }

    /** The account's latest statement before {@code date}, if any. */
    public Uni<Optional<Statement>> before(SqlClient client, String account, LocalDate date) {
        return client.preparedQuery("SELECT " + STATEMENT + " FROM bank_statement WHERE account = $1"
                        + " AND booking_date < $2 ORDER BY booking_date DESC LIMIT 1")
                .execute(Tuple.of(account, date))
                .map(rows -> Rows.first(rows, BankStatementRepository::statement));
    }

    /** The account's earliest statement after {@code date}, if any. */
    public Uni<Optional<Statement>> after(SqlClient client, String account, LocalDate date) {
        return client.preparedQuery("SELECT " + STATEMENT + " FROM bank_statement WHERE account = $1"
                        + " AND booking_date > $2 ORDER BY booking_date LIMIT 1")
                .execute(Tuple.of(account, date))
                .map(rows -> Rows.first(rows, BankStatementRepository::statement));
    }

    /** The account's statements of booking dates in [from, to]. */
    public Uni<List<Statement>> between(String account, LocalDate from, LocalDate to) {
        return pool.preparedQuery("SELECT " + STATEMENT + " FROM bank_statement WHERE account = $1"
                        + " AND booking_date BETWEEN $2 AND $3 ORDER BY booking_date")
                .execute(Tuple.of(account, from, to))
                .map(rows -> Rows.list(rows, BankStatementRepository::statement));
    }

    /** The account's statement of the latest booking date. */
    public Uni<Optional<Statement>> latest(String account) {
        return before(pool, account, LocalDate.of(9999, 12, 31));
    }

    /** Every entry booked on {@code date}, and every entry (any booking date) settling {@code date} or paying its vouchers. */
    public Uni<List<StoredEntry>> concerning(String account, LocalDate date) {
        return pool.preparedQuery("SELECT " + ENTRY + " FROM bank_entry e JOIN bank_statement s ON s.id = e.statement_id"
                        + " LEFT JOIN funds_decision d ON d.account = s.account AND d.bank_reference = e.bank_reference"
                        + " AND d.status <> 'REJECTED'"
                        + " WHERE s.account = $1 AND (s.booking_date = $2 OR e.settled_date = $2"
                        + " OR e.voucher_no LIKE $3) ORDER BY s.booking_date, e.position")
                .execute(Tuple.of(account, date, "GC" + date.toString().replace("-", "") + "%"))
                .map(rows -> Rows.list(rows, BankStatementRepository::entry));
    }

    /** A channel's reconciliation of a business date as funds needs it: its status and the statement's totals. */
    public record Reconciled(String channel, String status, long paymentFen, long refundFen, long feeFen,
            long platformFen, long platformRefundFen) {
    }

    /** The reconciliation runs of a business date (the channel statements' totals the expected credits come from). */
    public Uni<List<Reconciled>> reconciled(LocalDate date) {
        return pool.preparedQuery("SELECT channel, status, coalesce(statement_payment_fen, 0),"
                        + " coalesce(statement_refund_fen, 0), coalesce(statement_fee_fen, 0),"
                        + " coalesce(platform_fen, 0), coalesce(platform_refund_fen, 0) FROM reconciliation_run"
                        + " WHERE business_date = $1")
                .execute(Tuple.of(date))
                .map(rows -> Rows.list(rows, r -> new Reconciled(r.getString(0), r.getString(1), r.getLong(2),
                        r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6))));
    }

    /** How a channel's clearing account moved by postings dated one day (debits − credits, fen). */
    public record Clearing(long movedFen, long reconciliationFen) {
    }

    /**
     * Each channel's clearing account over the postings dated {@code date}: in all, and by the reconciliation alone
     * (the differences it put into suspense, or took back out against clearing).
     */
    public Uni<Map<String, Clearing>> clearingOfDay(LocalDate date) {
        return pool.preparedQuery("SELECT l.account, sum(l.debit_fen - l.credit_fen),"
                        + " coalesce(sum(l.debit_fen - l.credit_fen) FILTER (WHERE e.entry_type LIKE 'RECON%'), 0)"
                        + " FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id WHERE e.business_date = $1"
                        + " AND l.account LIKE 'channel_clearing:%' GROUP BY l.account")
                .execute(Tuple.of(date))
                .map(rows -> {
                    Map<String, Clearing> moved = new HashMap<>();
                    rows.forEach(r -> moved.put(r.getString(0), new Clearing(r.getLong(1), r.getLong(2))));
                    return moved;
                });
    }

    /** The business day on which the payout bank paid the settlement of {@code date}, if it has. */
    public Uni<Optional<LocalDate>> paidOn(LocalDate date) {
        return pool.preparedQuery("SELECT (paid_at AT TIME ZONE '" + Clocks.BUSINESS_ZONE_ID + "')::date"
                        + " FROM settlement_batch WHERE business_date = $1 AND paid_at IS NOT NULL")
                .execute(Tuple.of(date)).map(rows -> Rows.first(rows, r -> r.getLocalDate(0)));
    }

    /** A ledger account's balance over all time (debits − credits). */
    public Uni<Long> balance(String ledgerAccount) {
        return pool.preparedQuery("SELECT coalesce(sum(debit_fen) - sum(credit_fen), 0) FROM journal_line"
                        + " WHERE account = $1")
                .execute(Tuple.of(ledgerAccount)).map(rows -> rows.iterator().next().getLong(0));
    }

    private static Statement statement(Row r) {
        return new Statement(r.getLong(0), r.getString(1), r.getLocalDate(2), r.getString(3), r.getInteger(4),
                r.getLong(5), r.getLong(6), r.getInteger(7), r.getLong(8), r.getLong(9), r.getString(10),
                Rows.instant(r, 11), r.getString(12));
    }

    private static StoredEntry entry(Row r) {
        return new StoredEntry(r.getLocalDate(0), r.getInteger(1), r.getString(2), r.getLong(3), r.getLocalDate(4),
                r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                EntryKind.valueOf(r.getString(11)), r.getString(12), r.getLocalDate(13), r.getString(14), r.getLong(15),
                r.getString(16), r.getString(17), r.getString(18));
    }
}
