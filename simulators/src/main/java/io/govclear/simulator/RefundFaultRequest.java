package io.govclear.simulator;

/**
 * Body of POST /sim/{channel}/orders/{paymentId}/refund-fault: how the channel answers the next refund call on that
 * trade (once), so that a test or a demo can show the engine's UNKNOWN → query discipline.
 */
public record RefundFaultRequest(Fault fault) {

    /**
     * ANSWER_LOST: the refund is made, but the answer is a system error (as when the reply is lost or times out): a
     * query finds the refund. BUSY: the channel is busy and makes nothing (a system error too): a query finds no
     * refund, and sending it again makes it. REFUSED: the merchant's balance at the channel does not cover the
     * refund, a definite refusal (Alipay ACQ.SELLER_BALANCE_NOT_ENOUGH, WeChat Pay NOT_ENOUGH).
     */
    public enum Fault {
        ANSWER_LOST, BUSY, REFUSED
    }
}
