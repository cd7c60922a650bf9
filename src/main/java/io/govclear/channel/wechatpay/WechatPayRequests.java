package io.govclear.channel.wechatpay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The request bodies the adapter sends to WeChat Pay API v3 (snake_case, absent fields left out). */
final class WechatPayRequests {

    private WechatPayRequests() {
    }

    /** POST /v3/pay/transactions/native. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NativeOrderRequest(String appid, String mchid, String description, String outTradeNo, String timeExpire,
            String attach, String notifyUrl, OrderAmount amount) {
    }

    /** Order amount in fen. */
    record OrderAmount(long total, String currency) {
    }

    /** POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close. */
    record CloseRequest(String mchid) {
    }

    /** POST /v3/refund/domestic/refunds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RefundRequest(String outTradeNo, String outRefundNo, String reason, RefundAmount amount) {
    }

    /** Refund and original order amounts in fen. */
    record RefundAmount(long refund, long total, String currency) {
    }
}
