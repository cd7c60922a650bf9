package io.govclear.funds;

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
import java.util.List;
import java.util.Optional;

/** The table funds_decision (V24) and the unknown credits it decides about. */
@Singleton
public class DecisionRepository {

    /** A decision as stored. */
    public record Decision(long id, String bankReference, LocalDate bookingDate, long amountFen, String kind,
            String paymentCode, String status, String proposedBy, Instant proposedAt, String reason,
            String decidedBy, Instant decidedAt, String decisionReason, String paymentId) {
    }

    /** An unknown credit of the account: when it was booked, its amount and value date. */
    public record Credit(String bankReference, LocalDate bookingDate, LocalDate valueDate, long amountFen) {
    }

    private static final String COLUMNS = "id, bank_reference, booking_date, amount_fen, kind, payment_code, status,"
            + " proposed_by, proposed_at, reason, decided_by, decided_at, decision_reason, payment_id";

    @Inject Pool pool;

    /** The account's unknown credit with this bank reference, if there is one. */
    public Uni<Optional<Credit>> unknownCredit(SqlClient client, String account, String bankReference) {
        return client.preparedQuery("SELECT e.bank_reference, s.booking_date, e.value_date, e.amount_fen"
                        + " FROM bank_entry e JOIN bank_statement s ON s.id = e.statement_id"
                        + " WHERE s.account = $1 AND e.bank_reference = $2 AND e.kind = 'UNKNOWN_CREDIT'")
                .execute(Tuple.of(account, bankReference))
                .map(rows -> Rows.first(rows, r -> new Credit(r.getString(0), r.getLocalDate(1), r.getLocalDate(2),
                        r.getLong(3))));
    }

    /** A new PENDING decision; empty when the credit has a live (pending or approved) one already. */
    public Uni<Optional<Long>> propose(SqlClient tx, String account, Credit credit, String kind, Long orderId,
            String paymentCode, String by, String reason, Instant at) {
        return tx.preparedQuery("INSERT INTO funds_decision (account, bank_reference, booking_date, amount_fen, kind,"
                        + " order_id, payment_code, status, proposed_by, proposed_at, reason)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $10)"
                        + " ON CONFLICT (account, bank_reference) WHERE status <> 'REJECTED' DO NOTHING RETURNING id")
                .execute(Tuple.from(new Object[] { account, credit.bankReference(), credit.bookingDate(),
                    credit.amountFen(), kind, orderId, paymentCode, by, Rows.at(at), reason }))
                .map(rows -> Rows.first(rows, r -> r.getLong(0)));
    }

    public Uni<Optional<Decision>> lock(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM funds_decision WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id)).map(rows -> Rows.first(rows, DecisionRepository::decision));
    }

    public Uni<Optional<Decision>> find(SqlClient client, long id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM funds_decision WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> Rows.first(rows, DecisionRepository::decision));
    }

    /** PENDING → APPROVED or REJECTED, once. */
    public Uni<Boolean> decide(SqlClient tx, long id, String status, String by, String reason, String paymentId,
            Instant at) {
        return tx.preparedQuery("UPDATE funds_decision SET status = $2, decided_by = $3, decision_reason = $4,"
                        + " payment_id = $5, decided_at = $6 WHERE id = $1 AND status = 'PENDING'")
                .execute(Tuple.from(new Object[] { id, status, by, reason, paymentId, Rows.at(at) }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The decisions of a status (newest first), or all. */
    public Uni<List<Decision>> list(String status, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM funds_decision WHERE ($1::text IS NULL OR status = $1)"
                        + " ORDER BY id DESC LIMIT $2")
                .execute(Tuple.of(status, limit)).map(rows -> Rows.list(rows, DecisionRepository::decision));
    }

    /** Whether any entry of the statement has a live decision (then it is not reloaded). */
    public Uni<Boolean> anyLive(SqlClient tx, long statementId) {
        return tx.preparedQuery("SELECT EXISTS (SELECT 1 FROM bank_entry e JOIN bank_statement s ON s.id ="
                        + " e.statement_id JOIN funds_decision d ON d.account = s.account"
                        + " AND d.bank_reference = e.bank_reference AND d.status <> 'REJECTED'"
                        + " WHERE e.statement_id = $1)")
                .execute(Tuple.of(statementId)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static Decision decision(Row r) {
        return new Decision(r.getLong(0), r.getString(1), r.getLocalDate(2), r.getLong(3), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7), Rows.instant(r, 8), r.getString(9), r.getString(10),
                Rows.instant(r, 11), r.getString(12), r.getString(13));
    }
}
