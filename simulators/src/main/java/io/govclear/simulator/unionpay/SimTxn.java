package io.govclear.simulator.unionpay;

import java.time.Instant;

/**
 * One transaction the simulated UnionPay knows: a consume (txnType 01) from the moment the payer's browser posted its
 * form, or a refund (04) of a paid consume. Immutable; the simulator replaces it atomically per orderId.
 */
record SimTxn(String orderId, String txnTime, String txnType, long txnAmt, String merId, String frontUrl,
        String backUrl, Instant payTimeout, String reqReserved, State state, String queryId, String traceNo,
        Instant tracedAt, long feeFen, String origQryId, String origTraceNo, Instant origTracedAt) {

    /** WAITING: the payer sees the page, nothing is paid (queries say 34); PAID; FAILED: the payer's card refused. */
    enum State {
        WAITING, PAID, FAILED
    }

    static SimTxn consume(String orderId, String txnTime, long txnAmt, String merId, String frontUrl, String backUrl,
            Instant payTimeout, String reqReserved) {
        return new SimTxn(orderId, txnTime, "01", txnAmt, merId, frontUrl, backUrl, payTimeout, reqReserved,
                State.WAITING, null, null, null, 0, null, null, null);
    }

    static SimTxn refund(String orderId, String txnTime, long txnAmt, String merId, SimTxn consume, String queryId,
            String traceNo, Instant at) {
        return new SimTxn(orderId, txnTime, "04", txnAmt, merId, null, null, null, null, State.PAID, queryId,
                traceNo, at, 0, consume.queryId(), consume.traceNo(), consume.tracedAt());
    }

    SimTxn paid(String newQueryId, String newTraceNo, Instant at, long fee) {
        return new SimTxn(orderId, txnTime, txnType, txnAmt, merId, frontUrl, backUrl, payTimeout, reqReserved,
                State.PAID, newQueryId, newTraceNo, at, fee, null, null, null);
    }

    SimTxn failed(String newQueryId, String newTraceNo, Instant at) {
        return new SimTxn(orderId, txnTime, txnType, txnAmt, merId, frontUrl, backUrl, payTimeout, reqReserved,
                State.FAILED, newQueryId, newTraceNo, at, 0, null, null, null);
    }

    /** The transaction as a (faulty) statement lists it: at another time or with another amount. */
    SimTxn listedAs(Instant at, long amount) {
        return new SimTxn(orderId, txnTime, txnType, amount, merId, frontUrl, backUrl, payTimeout, reqReserved, state,
                queryId, traceNo, at, feeFen, origQryId, origTraceNo, origTracedAt);
    }

    boolean payable(Instant now) {
        return state == State.WAITING && (payTimeout == null || now.isBefore(payTimeout));
    }
}
