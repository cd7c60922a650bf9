package io.govclear.payment.repository;

import io.govclear.channel.Channel;
import io.govclear.payment.AttemptStatus;
import java.time.Instant;

/** A payment attempt as stored. */
public record StoredAttempt(long id, String paymentId, long orderId, Channel channel, AttemptStatus status,
        long principalFen, long lateFeeFen, long amountFen, String routingReason, String payUrl, String channelTradeNo,
        boolean duplicate, Instant expiresAt, Instant paidAt, int queryCount, Instant createdAt) {

    /** This attempt after the channel accepted its trade. */
    public StoredAttempt pending(String acceptedPayUrl) {
        return new StoredAttempt(id, paymentId, orderId, channel, AttemptStatus.PENDING, principalFen, lateFeeFen,
                amountFen, routingReason, acceptedPayUrl, channelTradeNo, duplicate, expiresAt, paidAt, queryCount,
                createdAt);
    }
}
