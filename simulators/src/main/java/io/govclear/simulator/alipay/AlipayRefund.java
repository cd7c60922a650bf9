package io.govclear.simulator.alipay;

import java.time.Instant;

/** One refund of a trade at the simulated Alipay, known by the merchant's out_request_no. */
record AlipayRefund(String outRequestNo, long amountFen, String reason, Instant refundedAt, long feeReturnedFen) {
}
