package io.govclear.simulator.alipay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One trade at the simulated Alipay. Immutable: every change makes a new record, swapped in atomically by the
 * simulator. tradeNo is assigned when the payer acts (pays or gives up), as Alipay assigns it when the code is scanned.
 */
record AlipayTrade(String outTradeNo, String tradeNo, long totalFen, String subject, String notifyUrl,
        String returnUrl, Instant createdAt, Instant expiresAt, TradeState state, Instant paidAt, Instant closedAt,
        long feeFen, List<AlipayRefund> refunds, boolean scanned) {

    static AlipayTrade created(String outTradeNo, long totalFen, String subject, String notifyUrl, String returnUrl,
            Instant createdAt, Instant expiresAt) {
        return new AlipayTrade(outTradeNo, null, totalFen, subject, notifyUrl, returnUrl, createdAt, expiresAt,
                TradeState.WAIT_BUYER_PAY, null, null, 0, List.of(), false);
    }

    /** The payer has scanned the QR code: only now does the trade exist at Alipay (query finds it). */
    AlipayTrade scan() {
        return scanned ? this : new AlipayTrade(outTradeNo, tradeNo, totalFen, subject, notifyUrl, returnUrl,
                createdAt, expiresAt, state, paidAt, closedAt, feeFen, refunds, true);
    }

    /** The trade as it stands at {@code now}: an unpaid trade past its timeout is closed. */
    AlipayTrade at(Instant now) {
        return state == TradeState.WAIT_BUYER_PAY && !now.isBefore(expiresAt) ? closed(tradeNo, expiresAt) : this;
    }

    AlipayTrade paid(String newTradeNo, Instant at, long fee) {
        return new AlipayTrade(outTradeNo, newTradeNo, totalFen, subject, notifyUrl, returnUrl, createdAt, expiresAt,
                TradeState.TRADE_SUCCESS, at, null, fee, refunds, true);
    }

    AlipayTrade closed(String newTradeNo, Instant at) {
        return new AlipayTrade(outTradeNo, newTradeNo, totalFen, subject, notifyUrl, returnUrl, createdAt, expiresAt,
                TradeState.TRADE_CLOSED, paidAt, at, feeFen, refunds, scanned);
    }

    /** Adds a refund; the trade closes when everything paid has been refunded. */
    AlipayTrade refunded(AlipayRefund refund) {
        List<AlipayRefund> all = new ArrayList<>(refunds);
        all.add(refund);
        boolean full = refundedFen() + refund.amountFen() == totalFen;
        return new AlipayTrade(outTradeNo, tradeNo, totalFen, subject, notifyUrl, returnUrl, createdAt, expiresAt,
                full ? TradeState.TRADE_CLOSED : state, paidAt, full ? refund.refundedAt() : closedAt, feeFen,
                List.copyOf(all), scanned);
    }

    /** The trade as a faulty statement lists it: another payment time or amount (see StatementFault). */
    AlipayTrade listedAs(Instant listedPaidAt, long listedTotalFen) {
        return new AlipayTrade(outTradeNo, tradeNo, listedTotalFen, subject, notifyUrl, returnUrl, createdAt,
                expiresAt, state, listedPaidAt, closedAt, feeFen, refunds, scanned);
    }

    /** The trade as a (faulty) bill lists it: with only these refunds. */
    AlipayTrade withRefunds(List<AlipayRefund> listedRefunds) {
        return new AlipayTrade(outTradeNo, tradeNo, totalFen, subject, notifyUrl, returnUrl, createdAt, expiresAt,
                state, paidAt, closedAt, feeFen, listedRefunds, scanned);
    }

    boolean wasPaid() {
        return paidAt != null;
    }

    long refundedFen() {
        return refunds.stream().mapToLong(AlipayRefund::amountFen).sum();
    }

    long feeReturnedFen() {
        return refunds.stream().mapToLong(AlipayRefund::feeReturnedFen).sum();
    }

    Optional<AlipayRefund> refund(String outRequestNo) {
        return refunds.stream().filter(r -> r.outRequestNo().equals(outRequestNo)).findFirst();
    }
}
