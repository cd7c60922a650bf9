package io.govclear.channel.alipay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyMessage;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.StatementFile;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.channel.PaymentChannel;
import io.govclear.channel.StatementDownload;
import io.govclear.channel.http.ChannelClient;
import io.govclear.channel.http.ChannelHttp;
import io.govclear.channel.http.HttpTimeouts;
import io.govclear.common.Clocks;
import io.govclear.common.Yuan;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Alipay open-platform adapter (RSA2): precreate, query, close, refund, refund query and the daily bill, as
 * signed form POSTs to the gateway ({@link AlipayGateway}) over the shared channel HTTP client. Every answer must
 * carry Alipay's signature over the exact response-node text; an answer that is late, unsigned, badly signed,
 * unreadable, a 5xx, a "system busy" or that carries a malformed amount is UNKNOWN. Alipay gives a refund no number of its own: it is known by our refund
 * id (out_request_no), and its channelRefundNo is the trade_no it belongs to.
 */
@Singleton
public class AlipayChannel implements PaymentChannel {

    /** The trade state we record for a precreated trade Alipay does not know: its QR code was never scanned. */
    private static final String NOT_SCANNED = "NOT_SCANNED";
    private static final List<String> NOTIFY_REQUIRED = List.of("notify_id", "app_id", "out_trade_no", "trade_no",
            "trade_status", "total_amount");
    private static final long MAX_TIMEOUT_MINUTES = Duration.ofDays(15).toMinutes();

    private final AlipayConfig config;
    private final Clock clock;
    private final PublicKey alipayPublicKey;
    private final ChannelClient http;
    private final AlipayGateway gateway;
    private final StatementDownload downloads;

    @Inject
    public AlipayChannel(AlipayConfig config, Clock clock, ChannelHttp http, StatementDownload downloads) {
        // Read on first use, not at startup: ${quarkus.http.port} in it then expands to the port the server bound
        this(config, clock,
                () -> ConfigProvider.getConfig().getValue(AlipayConfig.GATEWAY_URL_PROPERTY, String.class),
                http, downloads);
    }

    AlipayChannel(AlipayConfig config, Clock clock, Supplier<String> gatewayUrl, ChannelHttp http,
            StatementDownload downloads) {
        this.config = config;
        this.clock = clock;
        this.downloads = downloads;
        this.alipayPublicKey = Rsa2.publicKey(config.alipayPublicKey());
        this.http = http.client(Channel.ALIPAY.name(),
                new HttpTimeouts(config.connectTimeout(), config.readTimeout(), config.overallTimeout()));
        this.gateway = new AlipayGateway(config, clock, gatewayUrl, Rsa2.privateKey(config.privateKey()),
                alipayPublicKey, this.http);
    }

    @Override
    public Channel channel() {
        return Channel.ALIPAY;
    }

    /** alipay.trade.precreate: the answer's qr_code (a URL the payer opens or scans) becomes the payUrl. */
    @Override
    public Uni<PrecreateResult> precreate(PrecreateCommand command) {
        ObjectNode biz = JsonNodeFactory.instance.objectNode()
                .put("out_trade_no", command.paymentId())
                .put("total_amount", Yuan.format(command.amountFen()))
                .put("subject", command.subject())
                .put("product_code", "FACE_TO_FACE_PAYMENT");
        if (command.expiresAt() != null) {
            biz.put("timeout_express", timeoutExpress(command.expiresAt()));
        }
        return gateway.call("precreate", "alipay.trade.precreate", biz, command.notifyUrl(), command.returnUrl())
                .onItem().transform(answer -> precreated(answer, command.paymentId()));
    }

    /**
     * alipay.trade.query: TRADE_SUCCESS and TRADE_FINISHED are SUCCESS, TRADE_CLOSED FAILURE. ACQ.TRADE_NOT_EXIST is
     * WAITING: a precreated QR trade exists at Alipay only once the payer has scanned it, so an attempt nobody has
     * scanned yet is not a failed one (the compensation job closes it once it has expired).
     */
    @Override
    public Uni<TradeStatus> query(String paymentId) {
        return gateway.call("query", "alipay.trade.query", byTrade(paymentId), null, null)
                .onItem().transform(answer -> queried(answer, paymentId));
    }

    /**
     * alipay.trade.close: SUCCESS once closed, or when Alipay has no such trade (the QR code was never scanned and
     * nothing can be paid on it once it has expired; a late payment still arrives as a notify and is booked); FAILURE
     * when Alipay refuses (paid meanwhile).
     */
    @Override
    public Uni<TradeStatus> close(String paymentId) {
        return gateway.call("close", "alipay.trade.close", byTrade(paymentId), null, null)
                .onItem().transform(answer -> closed(answer, paymentId));
    }

    /** alipay.trade.refund with out_request_no = our refund id, so a retry is the same refund, never a second one. */
    @Override
    public Uni<RefundStatus> refund(RefundCommand command) {
        ObjectNode biz = byTrade(command.paymentId())
                .put("refund_amount", Yuan.format(command.refundFen()))
                .put("out_request_no", command.refundId());
        if (command.reason() != null) {
            biz.put("refund_reason", command.reason());
        }
        return gateway.call("refund", "alipay.trade.refund", biz, null, null)
                .onItem().transform(answer -> refunded(answer, command.paymentId()));
    }

    /** alipay.trade.fastpay.refund.query: an answer that lists the refund means it succeeded; none, it was not made. */
    @Override
    public Uni<RefundStatus> queryRefund(String paymentId, String refundId) {
        ObjectNode biz = byTrade(paymentId)
                .put("out_request_no", refundId);
        return gateway.call("refund-query", "alipay.trade.fastpay.refund.query", biz, null, null)
                .onItem().transform(answer -> refundQueried(answer, paymentId, refundId));
    }

    /**
     * alipay.data.dataservice.bill.downloadurl.query for the trade bill, then the zip it points to, as raw bytes.
     * A statement has no UNKNOWN to report: when it cannot be had (not ready, no answer, download failed), the Uni
     * fails and the caller tries again later.
     */
    @Override
    public Uni<byte[]> downloadStatement(LocalDate businessDate) {
        return billUrl(businessDate)
                .onItem().transformToUni(url -> http.send("statement-download", HttpMethod.GET, url, Map.of(), null))
                .map(answer -> answer.requireSuccess().body());
    }

    /**
     * The same trade bill zip, streamed from the download response straight into a temporary file (never whole in
     * memory); UNKNOWN when it cannot be had yet.
     */
    @Override
    public Uni<StatementFile> fetchStatement(LocalDate businessDate) {
        return billUrl(businessDate)
                .onItem().transformToUni(url -> downloads.toTempFile(http, url, Map.of()))
                .map(file -> new StatementFile(AnswerKind.SUCCESS, file, "streamed"))
                .onFailure().recoverWithItem(e -> StatementFile.unknown(String.valueOf(e.getMessage())));
    }

    /**
     * Verifies an async notify: RSA2 over the form's parameters (sign and sign_type left out), then our app_id (and
     * seller_id, when configured), then the fields we need. Anything else is Rejected with the claimed out_trade_no.
     */
    @Override
    public NotifyVerification verifyNotify(InboundNotify notify) {
        Map<String, String> params;
        try {
            params = FormCodec.decode(new String(notify.body(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Rejected("unreadable form body: " + e.getMessage(), null);
        }
        String claimed = params.get("out_trade_no");
        String sign = params.get("sign");
        if (sign == null || sign.isEmpty()) {
            return new Rejected("notify is not signed", claimed);
        }
        if (params.containsKey("sign_type") && !"RSA2".equals(params.get("sign_type"))) {
            return new Rejected("sign_type " + params.get("sign_type") + " is not RSA2", claimed);
        }
        if (!Rsa2.verify(Rsa2.content(params, Rsa2.NOTIFY_UNSIGNED), sign, alipayPublicKey)) {
            return new Rejected("signature does not verify", claimed);
        }
        if (!config.appId().equals(params.get("app_id"))) {
            return new Rejected("notify is for app_id " + params.get("app_id") + ", not ours", claimed);
        }
        if (config.sellerId().isPresent() && !config.sellerId().get().equals(params.get("seller_id"))) {
            return new Rejected("notify is for seller_id " + params.get("seller_id") + ", not ours", claimed);
        }
        for (String field : NOTIFY_REQUIRED) {
            if (params.get(field) == null || params.get(field).isEmpty()) {
                return new Rejected("notify has no " + field, claimed);
            }
        }
        long amountFen;
        Instant paidAt;
        try {
            amountFen = Yuan.parse(params.get("total_amount"));
            paidAt = instant(params.get("gmt_payment"));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return new Rejected("malformed amount or time: " + e.getMessage(), claimed);
        }
        String status = params.get("trade_status");
        return new Verified(new NotifyMessage(params.get("notify_id"), claimed, params.get("trade_no"),
                kindOf(status), amountFen, paidAt, status, params.get("seller_id"), params.get("app_id")));
    }

    /** Alipay stops retrying only on the plain body "success". */
    @Override
    public ChannelReply reply(boolean accepted) {
        return new ChannelReply(200, "text/plain", accepted ? "success" : "failure");
    }

    private PrecreateResult precreated(GatewayAnswer answer, String paymentId) {
        if (answer.succeeded()) {
            String qrCode = answer.text("qr_code");
            if (!paymentId.equals(answer.text("out_trade_no")) || qrCode == null) {
                return new PrecreateResult(AnswerKind.UNKNOWN, null, "answer is not for this trade or has no qr_code");
            }
            return new PrecreateResult(AnswerKind.SUCCESS, qrCode, answer.describe());
        }
        return new PrecreateResult(answer.refused() ? AnswerKind.FAILURE : AnswerKind.UNKNOWN, null,
                answer.describe());
    }

    private TradeStatus queried(GatewayAnswer answer, String paymentId) {
        if (answer.succeeded()) {
            return tradeStatus(answer, paymentId);
        }
        if ("ACQ.TRADE_NOT_EXIST".equals(answer.subCode())) {
            return new TradeStatus(AnswerKind.WAITING, null, null, null, NOT_SCANNED, answer.describe());
        }
        return TradeStatus.unknown(answer.describe());
    }

    private TradeStatus tradeStatus(GatewayAnswer answer, String paymentId) {
        if (!paymentId.equals(answer.text("out_trade_no"))) {
            return TradeStatus.unknown("answer is for out_trade_no " + answer.text("out_trade_no"));
        }
        String status = answer.text("trade_status");
        try {
            return new TradeStatus(kindOf(status), answer.text("trade_no"), Yuan.parse(answer.text("total_amount")),
                    instant(answer.text("send_pay_date")), status, answer.describe());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return TradeStatus.unknown("malformed amount or time in answer: " + e.getMessage());
        }
    }

    private TradeStatus closed(GatewayAnswer answer, String paymentId) {
        if (answer.succeeded() && paymentId.equals(answer.text("out_trade_no"))) {
            return new TradeStatus(AnswerKind.SUCCESS, answer.text("trade_no"), null, null, "TRADE_CLOSED",
                    answer.describe());
        }
        if ("ACQ.TRADE_NOT_EXIST".equals(answer.subCode())) {
            return new TradeStatus(AnswerKind.SUCCESS, null, null, null, NOT_SCANNED, answer.describe());
        }
        if (answer.refused()) {
            return new TradeStatus(AnswerKind.FAILURE, null, null, null, null, answer.describe());
        }
        return TradeStatus.unknown(answer.describe());
    }

    private RefundStatus refunded(GatewayAnswer answer, String paymentId) {
        if (answer.succeeded()) {
            if (!paymentId.equals(answer.text("out_trade_no")) || !isYuan(answer.text("refund_fee"))) {
                return new RefundStatus(AnswerKind.UNKNOWN, null, "answer is not for this trade or has no refund_fee");
            }
            return new RefundStatus(AnswerKind.SUCCESS, answer.text("trade_no"), answer.describe());
        }
        return new RefundStatus(answer.refused() ? AnswerKind.FAILURE : AnswerKind.UNKNOWN, null,
                answer.describe());
    }

    private RefundStatus refundQueried(GatewayAnswer answer, String paymentId, String refundId) {
        if (answer.succeeded()) {
            if (answer.text("refund_amount") == null) {
                return new RefundStatus(AnswerKind.FAILURE, null, "Alipay lists no refund " + refundId);
            }
            String status = answer.text("refund_status");
            boolean ours = paymentId.equals(answer.text("out_trade_no"))
                    && refundId.equals(answer.text("out_request_no"));
            if (!ours || !isYuan(answer.text("refund_amount"))) {
                return new RefundStatus(AnswerKind.UNKNOWN, null, "answer is not for this refund or is malformed");
            }
            AnswerKind kind = status == null || "REFUND_SUCCESS".equals(status) ? AnswerKind.SUCCESS
                    : AnswerKind.UNKNOWN;
            return new RefundStatus(kind, answer.text("trade_no"), answer.describe());
        }
        if ("ACQ.TRADE_NOT_EXIST".equals(answer.subCode())) {
            return new RefundStatus(AnswerKind.FAILURE, null, answer.describe());
        }
        return new RefundStatus(AnswerKind.UNKNOWN, null, answer.describe());
    }

    /** alipay.data.dataservice.bill.downloadurl.query: the trade bill's download URL, or a failure. */
    private Uni<String> billUrl(LocalDate businessDate) {
        ObjectNode biz = JsonNodeFactory.instance.objectNode()
                .put("bill_type", "trade")
                .put("bill_date", businessDate.toString());
        return gateway.call("statement", "alipay.data.dataservice.bill.downloadurl.query", biz, null, null)
                .onItem().transform(answer -> billUrl(answer, businessDate));
    }

    private String billUrl(GatewayAnswer answer, LocalDate businessDate) {
        if (!answer.succeeded() || answer.text("bill_download_url") == null) {
            throw new IllegalStateException("Alipay bill for " + businessDate + " not available: " + answer.describe());
        }
        return answer.text("bill_download_url");
    }

    static AnswerKind kindOf(String tradeStatus) {
        if (tradeStatus == null) {
            return AnswerKind.UNKNOWN;
        }
        return switch (tradeStatus) {
            case "TRADE_SUCCESS", "TRADE_FINISHED" -> AnswerKind.SUCCESS;
            case "WAIT_BUYER_PAY" -> AnswerKind.WAITING;
            case "TRADE_CLOSED" -> AnswerKind.FAILURE;
            default -> AnswerKind.UNKNOWN;
        };
    }

    private static ObjectNode byTrade(String paymentId) {
        return JsonNodeFactory.instance.objectNode()
                .put("out_trade_no", paymentId);
    }

    /** Whole minutes left, rounded down so Alipay closes no later than we do; Alipay accepts 1m to 15d. */
    private String timeoutExpress(Instant expiresAt) {
        long minutes = Duration.between(clock.instant(), expiresAt).toMinutes();
        return Math.min(Math.max(minutes, 1), MAX_TIMEOUT_MINUTES) + "m";
    }

    private static Instant instant(String shanghaiTime) {
        return shanghaiTime == null ? null
                : LocalDateTime.parse(shanghaiTime, AlipayGateway.TIME).atZone(Clocks.BUSINESS_ZONE).toInstant();
    }

    private static boolean isYuan(String amount) {
        try {
            Yuan.parse(amount);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
