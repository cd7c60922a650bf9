package io.govclear.simulator.wechatpay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.govclear.simulator.SimClock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The JSON the simulated WeChat Pay answers with: transactions (query, notify resource) and refunds. */
public final class SimViews {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private SimViews() {
    }

    /** A trade as the query API returns it and as the notify resource decrypts to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Transaction(String appid, String mchid, String outTradeNo, String transactionId, String tradeType,
            String tradeState, String tradeStateDesc, String bankType, String attach, String successTime, Payer payer,
            TransactionAmount amount) {

        static Transaction of(SimTrade trade) {
            boolean paid = trade.successTime() != null;
            return new Transaction(trade.appid(), trade.mchid(), trade.outTradeNo(), trade.transactionId(), "NATIVE",
                    trade.state().name(), trade.state().description(), paid ? "OTHERS" : null, trade.attach(),
                    rfc3339(trade.successTime()), paid ? new Payer(trade.openid()) : null,
                    new TransactionAmount(trade.totalFen(), paid ? trade.totalFen() : null, "CNY", "CNY"));
        }
    }

    public record Payer(String openid) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TransactionAmount(long total, Long payerTotal, String currency, String payerCurrency) {
    }

    /** A refund as the refund and refund-query APIs return it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Refund(String refundId, String outRefundNo, String transactionId, String outTradeNo, String channel,
            String userReceivedAccount, String successTime, String createTime, String status, String fundsAccount,
            RefundAmount amount) {

        static Refund of(SimRefund refund) {
            return new Refund(refund.refundId(), refund.outRefundNo(), refund.transactionId(), refund.outTradeNo(),
                    "ORIGINAL", "支付用户零钱", rfc3339(refund.successTime()), rfc3339(refund.createdAt()), "SUCCESS",
                    "AVAILABLE", new RefundAmount(refund.totalFen(), refund.refundFen(), refund.totalFen(),
                            refund.refundFen(), refund.refundFen(), refund.totalFen(), 0, "CNY"));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RefundAmount(long total, long refund, long payerTotal, long payerRefund, long settlementRefund,
            long settlementTotal, long discountRefund, String currency) {
    }

    /** The notify envelope: {id, create_time, event_type, resource_type, summary, resource}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Notify(String id, String createTime, String eventType, String resourceType, String summary,
            Resource resource) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Resource(String originalType, String algorithm, String ciphertext, String associatedData,
            String nonce) {
    }

    /** The tradebill API's answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BillLink(String hashType, String hashValue, String downloadUrl) {
    }

    static String rfc3339(Instant instant) {
        return instant == null ? null : RFC3339.format(instant.atZone(SimClock.ZONE));
    }
}
