package io.govclear.refund.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.govclear.common.Clocks;
import io.govclear.refund.repository.StoredRefund;
import java.time.Instant;
import java.time.OffsetDateTime;

/** One refund as units and finance staff see it; {@code duplicate} marks the refund of a duplicate payment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefundResponse(String refundId, String refundRequestNo, String paymentCode, long amountFen,
        String status, String reason, String channel, String paymentId, Boolean needsApproval, String decidedBy,
        Boolean duplicate, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime succeededAt) {

    public static RefundResponse of(StoredRefund r) {
        return new RefundResponse(r.refundId(), r.refundRequestNo(), r.paymentCode(), r.amountFen(),
                r.status().name(), r.reason(), r.channel().name(), r.paymentId(), r.needsApproval() ? true : null,
                r.decidedBy(), r.kind() == StoredRefund.Kind.DUPLICATE ? true : null, at(r.createdAt()),
                at(r.updatedAt()), at(r.succeededAt()));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime();
    }
}
