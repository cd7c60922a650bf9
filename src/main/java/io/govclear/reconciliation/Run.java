package io.govclear.reconciliation;

import io.govclear.channel.Channel;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A reconciliation run as stored, with the statement's totals and ours once loaded and matched (payments, and the
 * refund side: refunds matched, our refunds of the day).
 */
public record Run(long id, Channel channel, LocalDate businessDate, RunStatus status, int generation,
        String requestedBy, String error, Integer statementLines, Integer statementPaymentCount,
        Long statementPaymentFen, Integer statementRefundCount, Long statementRefundFen, Long statementFeeFen,
        Integer platformCount, Long platformFen, Integer matchedCount, Long matchedFen, OffsetDateTime createdAt,
        OffsetDateTime startedAt, OffsetDateTime finishedAt, Integer refundMatchedCount, Long refundMatchedFen,
        Integer platformRefundCount, Long platformRefundFen, String phase) {

    static final String COLUMNS = "id, channel, business_date, status, generation, requested_by, error,"
            + " statement_lines, statement_payment_count, statement_payment_fen, statement_refund_count,"
            + " statement_refund_fen, statement_fee_fen, platform_count, platform_fen, matched_count, matched_fen,"
            + " created_at, started_at, finished_at, refund_matched_count, refund_matched_fen, platform_refund_count,"
            + " platform_refund_fen, phase";

    static Run of(Row r) {
        return new Run(r.getLong("id"), Channel.valueOf(r.getString("channel")), r.getLocalDate("business_date"),
                RunStatus.valueOf(r.getString("status")), r.getInteger("generation"), r.getString("requested_by"),
                r.getString("error"), r.getInteger("statement_lines"), r.getInteger("statement_payment_count"),
                r.getLong("statement_payment_fen"), r.getInteger("statement_refund_count"),
                r.getLong("statement_refund_fen"), r.getLong("statement_fee_fen"), r.getInteger("platform_count"),
                r.getLong("platform_fen"), r.getInteger("matched_count"), r.getLong("matched_fen"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("started_at"),
                r.getOffsetDateTime("finished_at"), r.getInteger("refund_matched_count"),
                r.getLong("refund_matched_fen"), r.getInteger("platform_refund_count"),
                r.getLong("platform_refund_fen"), r.getString("phase"));
    }
}
