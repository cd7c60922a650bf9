package io.govclear.settlement;

import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;

/** A settlement batch as stored: its state and totals (fen). */
public record Batch(long id, LocalDate businessDate, BatchStatus status, int issueNo, long grossFen, long refundFen,
        long feeFen, long feeDeductedFen, long netFen, long heldFen, long heldRefundFen, long carriedInFen,
        String preparedBy, String confirmedBy, String failure) {

    static final String COLUMNS = "id, business_date, status, issue_no, gross_fen, refund_fen, fee_fen, "
            + "fee_deducted_fen, net_fen, held_fen, held_refund_fen, carried_in_fen, prepared_by, confirmed_by, failure";

    static Batch of(Row r) {
        return new Batch(r.getLong("id"), r.getLocalDate("business_date"), BatchStatus.valueOf(r.getString("status")),
                r.getInteger("issue_no"), r.getLong("gross_fen"), r.getLong("refund_fen"), r.getLong("fee_fen"),
                r.getLong("fee_deducted_fen"), r.getLong("net_fen"), r.getLong("held_fen"),
                r.getLong("held_refund_fen"), r.getLong("carried_in_fen"), r.getString("prepared_by"),
                r.getString("confirmed_by"), r.getString("failure"));
    }
}
