package io.govclear.reconciliation;

import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * One difference between a statement and our books, and how it was resolved. suspenseFen: see the migration. A
 * discrepancy with a refundId is about that refund of the payment; attemptId and attemptStatus are then the refund's
 * attempt and the refund's status.
 */
public record Discrepancy(long id, long runId, int generation, DiscrepancyClass discrepancyClass,
        DiscrepancyStatus status, String paymentId, Long attemptId, String channelTradeNo, String attemptStatus,
        Long statementFen, Long platformFen, long suspenseFen, String resolution, String detail, String resolvedBy,
        OffsetDateTime resolvedAt, OffsetDateTime createdAt, String refundId) {

    static final String COLUMNS = "id, run_id, generation, class, status, payment_id, attempt_id, channel_trade_no,"
            + " attempt_status, statement_fen, platform_fen, suspense_fen, resolution, detail, resolved_by,"
            + " resolved_at, created_at, refund_id";

    static Discrepancy of(Row r) {
        return new Discrepancy(r.getLong("id"), r.getLong("run_id"), r.getInteger("generation"),
                DiscrepancyClass.valueOf(r.getString("class")), DiscrepancyStatus.valueOf(r.getString("status")),
                r.getString("payment_id"), r.getLong("attempt_id"), r.getString("channel_trade_no"),
                r.getString("attempt_status"), r.getLong("statement_fen"), r.getLong("platform_fen"),
                r.getLong("suspense_fen"), r.getString("resolution"), r.getString("detail"),
                r.getString("resolved_by"), r.getOffsetDateTime("resolved_at"), r.getOffsetDateTime("created_at"),
                r.getString("refund_id"));
    }

    /** Whether this is about a refund (refundId set) rather than a payment. */
    public boolean aboutRefund() {
        return refundId != null;
    }
}
