package io.govclear.simulator.wechatpay;

import java.time.Instant;

/** One refund as the simulator keeps it; refunds succeed at once (status SUCCESS, success_time set). */
public record SimRefund(String refundId, String outRefundNo, String outTradeNo, String transactionId, long refundFen,
        long totalFen, String reason, Instant createdAt, Instant successTime) {
}
