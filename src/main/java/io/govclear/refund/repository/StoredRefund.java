package io.govclear.refund.repository;

import io.govclear.channel.Channel;
import io.govclear.refund.RefundStatus;
import java.time.Instant;

/**
 * A refund as stored, with what it refunds: the bill (payment code) and the paid attempt (payment id, the amount the
 * channel took).
 */
public record StoredRefund(long id, String refundId, long orderId, String paymentCode, long attemptId,
        String paymentId, long attemptAmountFen, Channel channel, long unitId, Kind kind, String refundRequestNo,
        byte[] requestHash, Long duplicatePaymentId, long amountFen, String reason, RefundStatus status,
        boolean needsApproval, String decidedBy, String channelRefundNo, String detail, Instant createdAt,
        Instant updatedAt, Instant succeededAt) {

    /** This refund after a status change. */
    public StoredRefund withStatus(RefundStatus next) {
        return new StoredRefund(id, refundId, orderId, paymentCode, attemptId, paymentId, attemptAmountFen, channel,
                unitId, kind, refundRequestNo, requestHash, duplicatePaymentId, amountFen, reason, next, needsApproval,
                decidedBy, channelRefundNo, detail, createdAt, updatedAt, succeededAt);
    }

    /** Why the money goes back: the unit asked, or nobody could take it (a duplicate payment). */
    public enum Kind {
        UNIT, DUPLICATE
    }
}
