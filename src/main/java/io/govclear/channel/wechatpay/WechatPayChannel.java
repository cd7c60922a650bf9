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
import io.govclear.channel.wechatpay.WechatPayRequests.CloseRequest;
import io.govclear.channel.wechatpay.WechatPayRequests.NativeOrderRequest;
import io.govclear.channel.wechatpay.WechatPayRequests.OrderAmount;
import io.govclear.channel.wechatpay.WechatPayRequests.RefundAmount;
import io.govclear.channel.wechatpay.WechatPayRequests.RefundRequest;
import io.govclear.common.Clocks;
import io.quarkus.arc.Unremovable;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * WeChat Pay API v3 adapter: Native orders (the code_url is what the payer scans or opens), query, close, refund,
 * refund query, the daily trade bill, and notify verification.
 * <p>
 * Every request is signed with the merchant key (Authorization: WECHATPAY2-SHA256-RSA2048 …); every response must
 * carry a platform signature over {@code timestamp\nnonce\nbody\n}, name the configured platform key serial and be
 * less than 5 minutes old, otherwise it is UNKNOWN. No method fails on a channel problem except
 * {@link #downloadStatement}, which has no way to say UNKNOWN.
 * <p>
 * The Native API has no return URL; when the payer's return URL fits WeChat's 128-character {@code attach}, it goes
 * there as {@code {"return_url": …}} (WeChat only echoes it back; our simulator's payer page follows it).
 */
@Singleton
@Unremovable // found by channel at run time, not injected by type: keep it (and its configuration) in the build
public class WechatPayChannel implements PaymentChannel {

    static final String SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";
    private static final Logger LOG = Logger.getLogger(WechatPayChannel.class);
    private static final long MAX_SKEW_SECONDS = 300;
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
    private final Clock clock;
    private final ObjectMapper json;
    private final WechatPayApi api;
    private final String basePath;
    private final PrivateKey merchantKey;
    private final PublicKey platformKey;
    private final byte[] apiV3Key;
    private final StatementDownload downloads;

    @Inject
    public WechatPayChannel(WechatPayConfig config, Clock clock, ObjectMapper json, StatementDownload downloads) {
        this.config = config;
        this.clock = clock;
        this.json = json;
        this.downloads = downloads;
        this.merchantKey = WechatPayCrypto.privateKey(config.merchantPrivateKey());
        this.platformKey = WechatPayCrypto.publicKey(config.platformPublicKey());
        this.apiV3Key = config.apiV3Key().getBytes(StandardCharsets.UTF_8);
        if (apiV3Key.length != 32) {
            throw new IllegalArgumentException("govclear.channels.wechat-pay.api-v3-key must be 32 bytes");
        }
        URI base = URI.create(config.baseUrl());
        // the signature covers the path as sent, base path included
        this.basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .build(WechatPayApi.class);
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
        return exchange("POST", basePath + "/v3/pay/transactions/native", body,
                authorization -> api.nativeOrder(authorization, body))
                .map(this::precreateResult);
    }

    /** The trade by out_trade_no; a trade WeChat Pay never heard of (ORDER_NOT_EXIST) is FAILURE. */
    @Override
    public Uni<TradeStatus> query(String paymentId) {
        String outTradeNo = pathSegment(paymentId);
        return exchange("GET", basePath + "/v3/pay/transactions/out-trade-no/" + outTradeNo + "?mchid="
                        + config.mchid(), "",
                authorization -> api.query(authorization, outTradeNo, config.mchid()))
                .map(this::tradeStatus);
    }

    /** Closes an unpaid trade (204 → SUCCESS); a paid one cannot be closed (ORDERPAID → FAILURE). */
    @Override
    public Uni<TradeStatus> close(String paymentId) {
        String outTradeNo = pathSegment(paymentId);
        String body = write(new CloseRequest(config.mchid()));
        return exchange("POST", basePath + "/v3/pay/transactions/out-trade-no/" + outTradeNo + "/close", body,
                authorization -> api.close(authorization, outTradeNo, body))
                .map(this::closeStatus);
    }

    /** Refunds part or all of a paid trade; the same out_refund_no again returns the same refund. */
    @Override
    public Uni<RefundStatus> refund(RefundCommand command) {
        String body = write(new RefundRequest(command.paymentId(), command.refundId(),
                truncate(command.reason(), REASON_MAX),
                new RefundAmount(command.refundFen(), command.totalFen(), "CNY")));
        return exchange("POST", basePath + "/v3/refund/domestic/refunds", body,
                authorization -> api.refund(authorization, body))
                .map(answer -> refundStatus(answer, command.paymentId()));
    }

    /** The refund by out_refund_no; one WeChat Pay does not know (RESOURCE_NOT_EXISTS) is FAILURE. */
    @Override
    public Uni<RefundStatus> queryRefund(String paymentId, String refundId) {
        String outRefundNo = pathSegment(refundId);
        return exchange("GET", basePath + "/v3/refund/domestic/refunds/" + outRefundNo, "",
                authorization -> api.queryRefund(authorization, outRefundNo))
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
        String date = businessDate.toString();
        return exchange("GET", basePath + "/v3/bill/tradebill?bill_date=" + date + "&bill_type=ALL", "",
                authorization -> api.tradeBill(authorization, date, "ALL"))
                .chain(answer -> downloadBill(businessDate, answer));
    }

    /**
     * The same trade bill, streamed from the response straight into a temporary file (never whole in memory) and
     * hashed from the file; UNKNOWN when it cannot be had or does not match its SHA1 (the file is then removed).
     */
    @Override
    public Uni<StatementFile> fetchStatement(LocalDate businessDate) {
        String date = businessDate.toString();
        return exchange("GET", basePath + "/v3/bill/tradebill?bill_date=" + date + "&bill_type=ALL", "",
                authorization -> api.tradeBill(authorization, date, "ALL"))
                .chain(answer -> streamBill(businessDate, answer))
                .onFailure().recoverWithItem(e -> StatementFile.unknown(String.valueOf(e.getMessage())));
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
        String problem = type != null && !SIGNATURE_TYPE.equals(type)
                ? "unsupported Wechatpay-Signature-Type " + type
                : signatureProblem(headers.get("wechatpay-timestamp"), headers.get("wechatpay-nonce"),
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

    private PrecreateResult precreateResult(Answer answer) {
        if (answer.untrusted() != null) {
            return new PrecreateResult(AnswerKind.UNKNOWN, null, answer.untrusted());
        }
        if (answer.status() == 200 && text(answer.body(), "code_url") != null) {
            return new PrecreateResult(AnswerKind.SUCCESS, text(answer.body(), "code_url"), null);
        }
        AnswerKind kind = ORDER_REFUSALS.contains(answer.code()) ? AnswerKind.FAILURE : AnswerKind.UNKNOWN;
        return new PrecreateResult(kind, null, answer.describe());
    }

    private TradeStatus tradeStatus(Answer answer) {
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

    private TradeStatus closeStatus(Answer answer) {
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

    private RefundStatus refundStatus(Answer answer, String paymentId) {
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

    private Uni<byte[]> downloadBill(LocalDate businessDate, Answer answer) {
        BillLink link = billLink(businessDate, answer);
        if (link == null) {
            return Uni.createFrom().item(new byte[0]);
        }
        return api.download(link.url(), authorization("GET", link.signedUrl(), ""))
                .map(response -> checkedBill(businessDate, response, link.sha1()));
    }

    /** The bill streamed into a file, then hashed from the file in chunks; no bill for the day is an empty file. */
    private Uni<StatementFile> streamBill(LocalDate businessDate, Answer answer) {
        BillLink link = billLink(businessDate, answer);
        if (link == null) {
            return Uni.createFrom().item(() -> StatementFile.written(new byte[0]))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return downloads.toTempFile(link.url(),
                        Map.of(HttpHeaders.AUTHORIZATION, authorization("GET", link.signedUrl(), "")),
                        config.connectTimeout(), config.readTimeout())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(file -> checkedBill(businessDate, file, link.sha1()));
    }

    /** The tradebill answer's download link; null when WeChat Pay has no bill for the day (NO_STATEMENT_EXIST). */
    private static BillLink billLink(LocalDate businessDate, Answer answer) {
        if (answer.untrusted() == null && answer.status() == 400 && "NO_STATEMENT_EXIST".equals(answer.code())) {
            return null;
        }
        String url = answer.body() == null ? null : text(answer.body(), "download_url");
        String hash = answer.body() == null ? null : text(answer.body(), "hash_value");
        if (answer.untrusted() != null || answer.status() != 200 || url == null || hash == null
                || !"SHA1".equals(text(answer.body(), "hash_type"))) {
            throw new IllegalStateException("WeChat Pay trade bill for " + businessDate + " unavailable: "
                    + (answer.untrusted() != null ? answer.untrusted() : answer.describe()));
        }
        URI uri = URI.create(url);
        return new BillLink(url, uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), hash);
    }

    private static byte[] checkedBill(LocalDate businessDate, Response response, String expectedSha1) {
        byte[] bytes = response.getStatus() == 200 && response.hasEntity() ? response.readEntity(byte[].class) : null;
        if (bytes == null) {
            throw new IllegalStateException("WeChat Pay trade bill for " + businessDate + ": download answered HTTP "
                    + response.getStatus());
        }
        if (!sha1Hex(bytes).equalsIgnoreCase(expectedSha1)) {
            throw new IllegalStateException(sha1Mismatch(businessDate, expectedSha1));
        }
        return bytes;
    }

    /** Blocking (reads the file): the file when it hashes to the SHA1 announced, else it is removed. */
    private static StatementFile checkedBill(LocalDate businessDate, Path file, String expectedSha1) {
        String actual;
        try {
            actual = StatementDownload.sha1Hex(file);
        } catch (IOException e) {
            StatementDownload.discard(file);
            throw new IllegalStateException("WeChat Pay trade bill for " + businessDate + " unreadable: " + e, e);
        }
        if (!actual.equalsIgnoreCase(expectedSha1)) {
            StatementDownload.discard(file);
            throw new IllegalStateException(sha1Mismatch(businessDate, expectedSha1) + " (it hashes to " + actual
                    + ")");
        }
        return new StatementFile(AnswerKind.SUCCESS, file, "SHA1 " + actual);
    }

    private static String sha1Mismatch(LocalDate businessDate, String expectedSha1) {
        return "WeChat Pay trade bill for " + businessDate + ": the download does not match its SHA1 " + expectedSha1;
    }

    /** Sends a signed request and checks the response's signature; no answer at all is an untrusted Answer. */
    private Uni<Answer> exchange(String method, String signedUrl, String body,
            Function<String, Uni<Response>> send) {
        return send.apply(authorization(method, signedUrl, body))
                .map(this::verifiedAnswer)
                .onFailure().recoverWithItem(e -> new Answer(0, null, "no answer from WeChat Pay: " + e));
    }

    private Answer verifiedAnswer(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        String problem = signatureProblem(response.getHeaderString("Wechatpay-Timestamp"),
                response.getHeaderString("Wechatpay-Nonce"), response.getHeaderString("Wechatpay-Signature"),
                response.getHeaderString("Wechatpay-Serial"), body);
        if (problem != null) {
            // the body is shown, never used: it may say why (an unsigned 401 SIGN_ERROR means our keys are wrong)
            String untrusted = "HTTP " + response.getStatus() + " not trusted: " + problem + "; body: "
                    + body.substring(0, Math.min(body.length(), 200));
            LOG.warn("WeChat Pay answer " + untrusted);
            return new Answer(response.getStatus(), null, untrusted);
        }
        if (body.isEmpty()) {
            return new Answer(response.getStatus(), null, null);
        }
        try {
            return new Answer(response.getStatus(), json.readTree(body), null);
        } catch (JsonProcessingException e) {
            return new Answer(response.getStatus(), null, "HTTP " + response.getStatus() + " body is not JSON");
        }
    }

    /** Null when the signature holds; otherwise why the message cannot be trusted. */
    private String signatureProblem(String timestamp, String nonce, String signature, String serial, String body) {
        if (timestamp == null || nonce == null || signature == null || serial == null) {
            return "Wechatpay-Timestamp, -Nonce, -Signature or -Serial missing";
        }
        if (!config.platformSerialNo().equals(serial)) {
            return "signed with unknown platform key serial " + serial;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "Wechatpay-Timestamp is not Unix seconds";
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) >= MAX_SKEW_SECONDS) {
            return "Wechatpay-Timestamp " + timestamp + " is 5 minutes or more away from our clock";
        }
        if (!WechatPayCrypto.verify(platformKey, WechatPayCrypto.message(timestamp, nonce, body), signature)) {
            return "signature does not verify";
        }
        return null;
    }

    private String authorization(String method, String signedUrl, String body) {
        String nonce = WechatPayCrypto.nonce(32);
        long timestamp = clock.instant().getEpochSecond();
        String signature = WechatPayCrypto.sign(merchantKey,
                WechatPayCrypto.message(method, signedUrl, Long.toString(timestamp), nonce, body));
        return SIGNATURE_TYPE + " mchid=\"" + config.mchid() + "\",nonce_str=\"" + nonce + "\",signature=\""
                + signature + "\",timestamp=\"" + timestamp + "\",serial_no=\"" + config.merchantSerialNo() + "\"";
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

    private static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the day's bill is (url; signedUrl, the part the Authorization signs) and the SHA1 it must hash to. */
    private record BillLink(String url, String signedUrl, String sha1) {
    }

    /** One answer from WeChat Pay: status and JSON body once its signature held, or why it is not trusted. */
    private record Answer(int status, JsonNode body, String untrusted) {

        String code() {
            return body == null ? "" : body.path("code").asText("");
        }

        String describe() {
            return "HTTP " + status + (body == null ? "" : " " + code() + ": " + body.path("message").asText(""));
        }
    }
}
