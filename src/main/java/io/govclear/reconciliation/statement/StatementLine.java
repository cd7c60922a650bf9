package io.govclear.reconciliation.statement;

import java.time.Instant;

/**
 * One statement line, normalised from any channel's format: our payment id (the merchant order number the channel
 * saw), the channel's trade number, for a refund our refund id; amounts in fen, the amount always positive, the fee
 * positive when the channel charged it and negative when it gave it back. lineNo is the line in the file (from 1).
 */
public record StatementLine(int lineNo, LineKind kind, String paymentId, String channelTradeNo, String refundId,
        long amountFen, long feeFen, Instant completedAt) {
}
