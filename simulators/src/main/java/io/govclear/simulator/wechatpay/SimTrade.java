package io.govclear.simulator.wechatpay;

import java.time.Instant;

/**
 * One Native trade as the simulator keeps it. Immutable: every change replaces the record inside the store's atomic
 * compute, so concurrent calls on one trade see each other's changes in order.
 */
public record SimTrade(String outTradeNo, String appid, String mchid, String description, long totalFen,
        String notifyUrl, String attach, Instant createdAt, Instant expiresAt, TradeState state, String transactionId,
        String openid, Instant successTime, long refundedFen) {

    SimTrade paid(String transactionId, String openid, Instant at) {
        return new SimTrade(outTradeNo, appid, mchid, description, totalFen, notifyUrl, attach, createdAt, expiresAt,
                TradeState.SUCCESS, transactionId, openid, at, refundedFen);
    }

    SimTrade withState(TradeState newState) {
        return new SimTrade(outTradeNo, appid, mchid, description, totalFen, notifyUrl, attach, createdAt, expiresAt,
                newState, transactionId, openid, successTime, refundedFen);
    }

    SimTrade refunded(long refundFen) {
        return new SimTrade(outTradeNo, appid, mchid, description, totalFen, notifyUrl, attach, createdAt, expiresAt,
                TradeState.REFUND, transactionId, openid, successTime, refundedFen + refundFen);
    }

    /** The trade as a faulty statement lists it: another success time or amount (see StatementFault). */
    SimTrade listedAs(Instant listedSuccessTime, long listedTotalFen) {
        return new SimTrade(outTradeNo, appid, mchid, description, listedTotalFen, notifyUrl, attach, createdAt,
                expiresAt, state, transactionId, openid, listedSuccessTime, refundedFen);
    }

    boolean payableAt(Instant now) {
        return state == TradeState.NOTPAY && now.isBefore(expiresAt);
    }
}
