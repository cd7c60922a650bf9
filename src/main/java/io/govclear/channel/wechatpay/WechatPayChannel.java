package io.govclear.channel.wechatpay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.govclear.channel.http.ChannelHttp;
import io.govclear.channel.http.HttpTimeouts;
import io.govclear.channel.wechatpay.WechatPayRequests.CloseRequest;
import io.govclear.channel.wechatpay.WechatPayRequests.NativeOrderRequest;
import io.govclear.channel.wechatpay.WechatPayRequests.OrderAmount;
import io.govclear.channel.wechatpay.WechatPayRequests.RefundAmount;
import io.govclear.channel.wechatpay.WechatPayRequests.RefundRequest;
import io.govclear.common.Clocks;
import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * WeChat Pay API v3 adapter: Native orders (the code_url is what the payer scans or opens), query, close, refund,
 * refund query, the daily trade bill, and notify verification.
 * <p>
 * Every request is signed with the merchant key (Authorization: WECHATPAY2-SHA256-RSA2048 …) and every response must
 * carry a valid platform signature ({@link WechatPayApi}, {@link WechatPaySignatures}), otherwise it is UNKNOWN. The
 * trade bill is fetched and checked by {@link WechatPayBills}. No method fails on a channel problem except
 * {@link #downloadStatement}, which has no way to say UNKNOWN.
 * <p>
 * The Native API has no return URL; when the payer's return URL fits WeChat's 128-character {@code attach}, it goes
 * there as {@code {"return_url": …}} (WeChat only echoes it back; our simulator's payer page follows it).
 */
@Singleton
@Unremovable // found by channel at run time, not injected by type: keep it (and its configuration) in the build
public class WechatPayChannel implements PaymentChannel {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final int ATTACH_MAX = 128;
    private static final int DESCRIPTION_MAX = 127;
    private static final int REASON_MAX = 80;
    // refusals: the request can never succeed as sent; anything else (SYSTEM_ERROR, ORDERPAID, 429, 5xx) is UNKNOWN
    private static final Set<String> ORDER_REFUSALS = Set.of("PARAM_ERROR", "INVALID_REQUEST",
            "APPID_MCHID_NOT_MATCH", "MCH_NOT_EXISTS", "NO_AUTH", "OUT_TRADE_NO_USED", "ORDER_CLOSED", "RULE_LIMIT");
    private static final Set<String> REFUND_REFUSALS = Set.of("PARAM_ERROR", "INVALID_REQUEST", "NOT_ENOUGH",
            "MCH_NOT_EXISTS", "NO_AUTH", "USER_ACCOUNT_ABNORMAL", "RESOURCE_NOT_EXISTS", "ORDER_NOT_EXIST");

    private final WechatPayConfig config;
    private final ObjectMapper json;
    private final WechatPaySignatures signatures;
    private final WechatPayApi api;
    private final WechatPayBills bills;
    private final byte[] apiV3Key;

    @Inject
    public WechatPayChannel(WechatPayConfig config, Clock clock, ObjectMapper json, ChannelHttp http,
            StatementDownload downloads) {
        this.config = config;
        this.json = json;
        this.apiV3Key = config.apiV3Key().getBytes(StandardCharsets.UTF_8);
        if (apiV3Key.length != 32) {
            throw new IllegalArgumentException("govclear.channels.wechat-pay.api-v3-key must be 32 bytes");
        }
        this.signatures = new WechatPaySignatures(WechatPayCrypto.publicKey(config.platformPublicKey()),
                config.platformSerialNo(), clock);
        this.api = new WechatPayApi(config, clock, json, signatures, http.client(Channel.WECHAT_PAY.name(),
                new HttpTimeouts(config.connectTimeout(), config.readTimeout(), config.overallTimeout())));
        this.bills = new WechatPayBills(api, downloads);
    }

    @Override
    public Channel channel() {
        return Channel.WECHAT_PAY;
    }

    /** Native order: SUCCESS with the code_url as payUrl; refusals (bad fields, number reused) are FAILURE. */
    @Override
    public Uni<PrecreateResult> precreate(PrecreateCommand command) {
        String body = write(new NativeOrderRequest(config.appid(), config.mchid(),
                truncate(command.subject(), DESCRIPTION_MAX), command.paymentId(),
                command.expiresAt() == null ? null : rfc3339(command.expiresAt()), attach(command.returnUrl()),
                command.notifyUrl(), new OrderAmount(command.amountFen(), "CNY")));
        return api.call("precreate", HttpMethod.POST, "/v3/pay/transactions/native", body)
                .map(this::precreateResult);
    }

    /** The trade by out_trade_no; a trade WeChat Pay never heard of (ORDER_NOT_EXIST) is FAILURE. */
    @Override
    public Uni<TradeStatus> query(String paymentId) {
        return api.call("query", HttpMethod.GET, "/v3/pay/transactions/out-trade-no/" + pathSegment(paymentId)
                        + "?mchid=" + config.mchid(), "")
                .map(this::tradeStatus);
    }

    /** Closes an unpaid trade (204 → SUCCESS); a paid one cannot be closed (ORDERPAID → FAILURE). */
    @Override
    public Uni<TradeStatus> close(String paymentId) {
        String body = write(new CloseRequest(config.mchid()));
        return api.call("close", HttpMethod.POST, "/v3/pay/transactions/out-trade-no/" + pathSegment(paymentId)
                        + "/close", body)
                .map(this::closeStatus);
    }

    /** Refunds part or all of a paid trade; the same out_refund_no again returns the same refund. */
    @Override
    public Uni<RefundStatus> refund(RefundCommand command) {
        String body = write(new RefundRequest(command.paymentId(), command.refundId(),
                truncate(command.reason(), REASON_MAX),
                new RefundAmount(command.refundFen(), command.totalFen(), "CNY")));
        return api.call("refund", HttpMethod.POST, "/v3/refund/domestic/refunds", body)
                .map(answer -> refundStatus(answer, command.paymentId()));
    }

    /** The refund by out_refund_no; one WeChat Pay does not know (RESOURCE_NOT_EXISTS) is FAILURE. */
    @Override
    public Uni<RefundStatus> queryRefund(String paymentId, String refundId) {
        return api.call("refund-query", HttpMethod.GET, "/v3/refund/domestic/refunds/" + pathSegment(refundId), "")
                .map(answer -> refundStatus(answer, paymentId));
    }

    /**
     * The trade bill (bill_type ALL) for a business date: the tradebill call gives a download URL and a SHA1, the
     * download must hash to it. Returns the file's exact bytes (UTF-8 CSV, every field prefixed with a backtick), or
     * an empty array when WeChat Pay has no bill for the day (NO_STATEMENT_EXIST: nothing was paid or refunded).
     * Fails with {@link IllegalStateException} when the bill cannot be had or trusted: try again later.
     */
    @Override
    public Uni<byte[]> downloadStatement(LocalDate businessDate) {
        return bills.download(businessDate);
    }

    /**
     * The same trade bill, streamed from the response straight into a temporary file (never whole in memory) and
     * hashed from the file; UNKNOWN when it cannot be had or does not match its SHA1 (the file is then removed).
     */
    @Override
    public Uni<StatementFile> fetchStatement(LocalDate businessDate) {
        return bills.fetch(businessDate);
    }

    /**
     * Checks the notify's headers (timestamp within 5 minutes of our clock, our platform key serial, signature over
     * {@code timestamp\nnonce\nbody\n}), decrypts the resource with the APIv3 key and checks mchid and appid. A
     * rejected notify names the out_trade_no it claims only when its resource decrypts, so the engine can query it.
     */
    @Override
    public NotifyVerification verifyNotify(InboundNotify notify) {
        String body = new String(notify.body(), StandardCharsets.UTF_8);
        Map<String, String> headers = notify.headers();
        String type = headers.get("wechatpay-signature-type");
        String problem = type != null && !WechatPaySignatures.SIGNATURE_TYPE.equals(type)
                ? "unsupported Wechatpay-Signature-Type " + type
                : signatures.problem(headers.get("wechatpay-timestamp"), headers.get("wechatpay-nonce"),
                        headers.get("wechatpay-signature"), headers.get("wechatpay-serial"), body);
        if (problem != null) {
            return new Rejected(problem, claimedOutTradeNo(body));
        }
        JsonNode envelope;
        JsonNode transaction;
        try {
            envelope = json.readTree(body);
            transaction = json.readTree(decryptResource(envelope.path("resource")));
        } catch (JsonProcessingException | GeneralSecurityException e) {
            return new Rejected("resource does not decrypt to a transaction: " + e.getMessage(), null);
        }
        return notifyMessage(envelope, transaction);
    }

    /** 204 without a body accepts; 500 with WeChat's {"code":"FAIL"} asks for the notify again. */
    @Override
    public ChannelReply reply(boolean accepted) {
        return accepted
                ? new ChannelReply(204, null, null)
                : new ChannelReply(500, "application/json", "{\"code\":\"FAIL\",\"message\":\"notify not accepted\"}");
    }

    private NotifyVerification notifyMessage(JsonNode envelope, JsonNode transaction) {
        String outTradeNo = text(transaction, "out_trade_no");
        if (!envelope.path("event_type").asText("").startsWith("TRANSACTION.")) {
            return new Rejected("not a transaction notify: " + envelope.path("event_type").asText(), outTradeNo);
        }
        if (!config.mchid().equals(text(transaction, "mchid"))) {
            return new Rejected("mchid " + text(transaction, "mchid") + " is not ours", outTradeNo);
        }
        if (!config.appid().equals(text(transaction, "appid"))) {
            return new Rejected("appid " + text(transaction, "appid") + " is not ours", outTradeNo);
        }
        JsonNode total = transaction.path("amount").path("total");
        String state = text(transaction, "trade_state");
        if (outTradeNo == null || state == null || !total.canConvertToLong() || !total.isIntegralNumber()) {
            return new Rejected("transaction lacks out_trade_no, trade_state or amount.total", outTradeNo);
        }
        Instant paidAt;
        try {
            paidAt = instant(text(transaction, "success_time"));
        } catch (DateTimeParseException e) {
            return new Rejected("success_time is not RFC 3339: " + text(transaction, "success_time"), outTradeNo);
        }
        return new Verified(new NotifyMessage(text(envelope, "id"), outTradeNo, text(transaction, "transaction_id"),
                classify(state), total.longValue(), paidAt, state, config.mchid(), config.appid()));
    }

    private PrecreateResult precreateResult(WechatPayAnswer answer) {
        if (answer.untrusted() != null) {
            return new PrecreateResult(AnswerKind.UNKNOWN, null, answer.untrusted());
        }
        if (answer.status() == 200 && text(answer.body(), "code_url") != null) {
            return new PrecreateResult(AnswerKind.SUCCESS, text(answer.body(), "code_url"), null);
        }
        AnswerKind kind = ORDER_REFUSALS.contains(answer.code()) ? AnswerKind.FAILURE : AnswerKind.UNKNOWN;
        return new PrecreateResult(kind, null, answer.describe());
    }

    private TradeStatus tradeStatus(WechatPayAnswer answer) {
        if (answer.untrusted() != null) {
            return TradeStatus.unknown(answer.untrusted());
        }
        if (answer.status() == 404 && "ORDER_NOT_EXIST".equals(answer.code())) {
            return new TradeStatus(AnswerKind.FAILURE, null, null, null, "ORDER_NOT_EXIST", answer.describe());
        }
        if (answer.status() != 200 || answer.body() == null) {
            return TradeStatus.unknown(answer.describe());
        }
        JsonNode trade = answer.body();
        JsonNode total = trade.path("amount").path("total");
        String state = text(trade, "trade_state");
        try {
            return new TradeStatus(classify(state), text(trade, "transaction_id"),
                    total.isIntegralNumber() ? total.longValue() : null, instant(text(trade, "success_time")), state,
                    text(trade, "trade_state_desc"));
        } catch (DateTimeParseException e) {
            return TradeStatus.unknown("success_time is not RFC 3339: " + text(trade, "success_time"));
        }
    }

    private TradeStatus closeStatus(WechatPayAnswer answer) {
        if (answer.untrusted() != null) {
            return TradeStatus.unknown(answer.untrusted());
        }
        if (answer.status() == 204 || answer.status() == 200) {
            return new TradeStatus(AnswerKind.SUCCESS, null, null, null, "CLOSED", null);
        }
        if ("ORDER_NOT_EXIST".equals(answer.code())) {
            // nothing was ever created, so nothing can be paid
            return new TradeStatus(AnswerKind.SUCCESS, null, null, null, "ORDER_NOT_EXIST", answer.describe());
        }
        if ("ORDERPAID".equals(answer.code())) {
            return new TradeStatus(AnswerKind.FAILURE, null, null, null, "ORDERPAID", answer.describe());
        }
        return TradeStatus.unknown(answer.describe());
    }

    private RefundStatus refundStatus(WechatPayAnswer answer, String paymentId) {
        if (answer.untrusted() != null) {
            return new RefundStatus(AnswerKind.UNKNOWN, null, answer.untrusted());
        }
        if (answer.status() != 200 || answer.body() == null) {
            AnswerKind kind = REFUND_REFUSALS.contains(answer.code()) ? AnswerKind.FAILURE : AnswerKind.UNKNOWN;
            return new RefundStatus(kind, null, answer.describe());
        }
        JsonNode refund = answer.body();
        if (!paymentId.equals(text(refund, "out_trade_no"))) {
            return new RefundStatus(AnswerKind.UNKNOWN, null,
                    "refund belongs to trade " + text(refund, "out_trade_no") + ", not " + paymentId);
        }
        String status = text(refund, "status");
        AnswerKind kind = switch (status == null ? "" : status) {
            case "SUCCESS" -> AnswerKind.SUCCESS;
            case "PROCESSING" -> AnswerKind.WAITING;
            case "CLOSED", "ABNORMAL" -> AnswerKind.FAILURE;
            default -> AnswerKind.UNKNOWN;
        };
        return new RefundStatus(kind, text(refund, "refund_id"), status);
    }

    private String decryptResource(JsonNode resource) throws GeneralSecurityException {
        if (!"AEAD_AES_256_GCM".equals(text(resource, "algorithm")) || text(resource, "ciphertext") == null
                || text(resource, "nonce") == null) {
            throw new GeneralSecurityException("resource is not AEAD_AES_256_GCM with ciphertext and nonce");
        }
        return WechatPayCrypto.decrypt(apiV3Key, text(resource, "associated_data"), text(resource, "nonce"),
                text(resource, "ciphertext"));
    }

    /** What an untrusted notify claims, readable only when its resource decrypts with our APIv3 key. */
    private String claimedOutTradeNo(String body) {
        try {
            return text(json.readTree(decryptResource(json.readTree(body).path("resource"))), "out_trade_no");
        } catch (JsonProcessingException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private String attach(String returnUrl) {
        if (returnUrl == null) {
            return null;
        }
        String attach = write(Map.of("return_url", returnUrl));
        return attach.length() <= ATTACH_MAX ? attach : null;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SUCCESS and REFUND were paid; NOTPAY, USERPAYING and ACCEPT may still be; CLOSED, REVOKED and PAYERROR never. */
    static AnswerKind classify(String tradeState) {
        return switch (tradeState == null ? "" : tradeState) {
            case "SUCCESS", "REFUND" -> AnswerKind.SUCCESS;
            case "NOTPAY", "USERPAYING", "ACCEPT" -> AnswerKind.WAITING;
            case "CLOSED", "REVOKED", "PAYERROR" -> AnswerKind.FAILURE;
            default -> AnswerKind.UNKNOWN;
        };
    }

    private static String rfc3339(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(Clocks.BUSINESS_ZONE));
    }

    private static Instant instant(String rfc3339) {
        return rfc3339 == null || rfc3339.isEmpty() ? null : OffsetDateTime.parse(rfc3339).toInstant();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static String truncate(String text, int max) {
        return text == null || text.codePointCount(0, text.length()) <= max
                ? text
                : text.substring(0, text.offsetByCodePoints(0, max));
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
