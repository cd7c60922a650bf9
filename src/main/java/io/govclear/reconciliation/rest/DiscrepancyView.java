package io.govclear.reconciliation.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.govclear.reconciliation.Discrepancy;
import java.time.OffsetDateTime;

/** One discrepancy as finance sees it; amounts in fen, suspenseFen signed (> 0 money in, < 0 money missing);
 * refundId set: about that refund of the payment. */
public record DiscrepancyView(long id, long runId, int generation, @JsonProperty("class") String discrepancyClass,
        String status, String paymentId, String refundId, String channelTradeNo, String attemptStatus,
        Long statementFen, Long platformFen, long suspenseFen, String resolution, String detail, String resolvedBy,
        OffsetDateTime resolvedAt, OffsetDateTime createdAt) {

    public static DiscrepancyView of(Discrepancy d) {
        return new DiscrepancyView(d.id(), d.runId(), d.generation(), d.discrepancyClass().name(), d.status().name(),
                d.paymentId(), d.refundId(), d.channelTradeNo(), d.attemptStatus(), d.statementFen(),
                d.platformFen(), d.suspenseFen(), d.resolution(), d.detail(), d.resolvedBy(), d.resolvedAt(), d.createdAt());
    }
}
