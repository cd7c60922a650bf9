package io.govclear.simulator.alipay;

/** Alipay's trade_status values. */
enum TradeState {
    WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_FINISHED, TRADE_CLOSED
}
