package io.govclear.simulator.alipay;

import io.govclear.simulator.SimClock;
import io.govclear.simulator.Yuan;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A simulated Alipay trade as the control API and the payer page show it. */
public record TradeView(String outTradeNo, String tradeNo, String tradeStatus, long totalAmountFen, String totalAmount,
        String subject, long refundedFen, OffsetDateTime createdAt, OffsetDateTime paidAt, OffsetDateTime closedAt,
        String returnUrl) {

    static TradeView of(AlipayTrade trade) {
        return new TradeView(trade.outTradeNo(), trade.tradeNo(), trade.state().name(), trade.totalFen(),
                Yuan.format(trade.totalFen()), trade.subject(), trade.refundedFen(), local(trade.createdAt()),
                local(trade.paidAt()), local(trade.closedAt()), trade.returnUrl());
    }

    /** Whether the payer page offers Pay and Cancel. */
    public boolean payable() {
        return TradeState.WAIT_BUYER_PAY.name().equals(tradeStatus);
    }

    private static OffsetDateTime local(Instant instant) {
        return instant == null ? null : instant.atZone(SimClock.ZONE).toOffsetDateTime();
    }
}
