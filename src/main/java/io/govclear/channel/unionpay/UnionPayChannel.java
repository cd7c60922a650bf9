package io.govclear.channel.unionpay;

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
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.channel.PaymentChannel;
import io.govclear.channel.alipay.FormCodec;
import io.govclear.channel.http.ChannelHttp;
import io.govclear.channel.http.HttpTimeouts;
import io.govclear.channel.unionpay.UnionPayTxns.Txn;
import io.govclear.common.GovClearConfig;
import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * UnionPay ACP 5.1.0 online payments (全渠道 gateway payment), signMethod 01 (RSA certificate).
 * <p>
 * Consume is a front transaction: the payer's browser posts the signed form to UnionPay. precreate signs the form,
 * remembers it with its txnTime ({@link UnionPayTxns}) and answers with a payUrl on the engine,
 * {@code /pay/unionpay/{paymentId}}, whose page posts that form to the gateway's frontTransUrl by itself
 * ({@link UnionPayFrontPage}). Query, refund and the statement file are back transactions over HTTP.
 * <p>
 * Every answer and notify must carry a signPubKeyCert that chains to the configured root with UnionPay's signing
 * identity and whose serial is the certId, and a signature by it ({@link UnionPayGateway}); otherwise the answer is
 * UNKNOWN and the notify Rejected. A timeout or unreadable answer is UNKNOWN, never a failure.
 * <p>
 * Query: respCode 00 with origRespCode 00 is SUCCESS, 03/04/05 WAITING (in progress), any other FAILURE; respCode 34
 * (no such transaction: the payer has not submitted the form yet) is WAITING; other respCodes UNKNOWN.
 * Close: ACP has no close for a consume: it lapses at its payTimeout (the attempt's expiry). close() therefore is
 * SUCCESS only once payTimeout has passed and the query shows it unpaid (or UnionPay never saw it); paid or still
 * in progress is FAILURE, and so is asking before payTimeout. Refund is txnType 04 with origQryId from a query; its
 * answer 00 only means accepted (WAITING), the refund query tells the outcome.
 */
@Singleton
@Unremovable // found by channel at run time, not injected by type: keep it (and its configuration) in the build
public class UnionPayChannel implements PaymentChannel {

    private static final Set<String> IN_PROGRESS = Set.of("03", "04", "05");
    private static final String NO_SUCH_TRANSACTION = "34";
    private static final String NOT_AT_UNIONPAY = "respCode " + NO_SUCH_TRANSACTION;
    private static final int REQ_RESERVED_MAX = 100;

    private final UnionPayConfig config;
    private final UnionPayTxns txns;
    private final Clock clock;
    private final String publicBaseUrl;
    private final UnionPayGateway gateway;

    @Inject
    UnionPayChannel(UnionPayConfig config, UnionPayTxns txns, Clock clock, GovClearConfig govclear,
            ChannelHttp http) {
        this.config = config;
        this.txns = txns;
        this.clock = clock;
        this.publicBaseUrl = govclear.publicBaseUrl();
        this.gateway = new UnionPayGateway(config.merId(), AcpSignature.privateKey(config.signPrivateKey()),
                new SigningCertificates(config.rootCert(), config.middleCert(), config.signCertIdentity(), clock),
                http.client(Channel.UNIONPAY.name(), new HttpTimeouts(config.connectTimeout(), config.readTimeout(),
                        config.overallTimeout())));
    }

    @Override
    public Channel channel() {
        return Channel.UNIONPAY;
    }

    /** A 00 notify is never booked alone: UnionPay asks merchants to confirm money transactions by query. */
    @Override
    public boolean confirmsNotifyByQuery() {
        return true;
    }

    @Override
    public List<Duration> queryBackoff() {
        return config.queryBackoff();
    }

    /**
     * Signs the consume form (frontUrl = the return URL, backUrl = the notify URL, payTimeout = the expiry) and
     * remembers it; the same paymentId again returns the form signed first. FAILURE for an orderId or amount
     * UnionPay would refuse, or a paymentId signed before with another amount.
     */
    @Override
    public Uni<PrecreateResult> precreate(PrecreateCommand command) {
        if (!AcpMessages.ORDER_ID.matcher(command.paymentId()).matches() || command.amountFen() < 1
                || !AcpMessages.AMOUNT.matcher(Long.toString(command.amountFen())).matches()) {
            return Uni.createFrom().item(new PrecreateResult(AnswerKind.FAILURE, null,
                    "orderId must be 8-40 letters or digits and txnAmt 1 to 12 digits of fen"));
        }
        Instant now = clock.instant();
        Map<String, String> form = common("01", "01", "000201");
        form.put("channelType", config.channelType());
        form.put("currencyCode", "156");
        form.put("orderId", command.paymentId());
        form.put("txnTime", AcpMessages.txnTime(now));
        form.put("txnAmt", Long.toString(command.amountFen()));
        form.put("frontUrl", command.returnUrl());
        form.put("backUrl", command.notifyUrl());
        if (command.expiresAt() != null) {
            form.put("payTimeout", AcpMessages.txnTime(command.expiresAt()));
        }
        if (command.subject() != null && !command.subject().isBlank()) {
            form.put("reqReserved", truncate(command.subject().replace('&', ' ')));
        }
        gateway.sign(form);
        Txn txn = new Txn(command.paymentId(), command.paymentId(), "01", form.get("txnTime"), command.amountFen(),
                form);
        return txns.remember(txn, now)
                .map(stored -> stored.txnAmt() == command.amountFen() && "01".equals(stored.txnType())
                        ? new PrecreateResult(AnswerKind.SUCCESS, publicBaseUrl + "/pay/unionpay/"
                                + command.paymentId(), "consume form signed at " + stored.txnTime())
                        : new PrecreateResult(AnswerKind.FAILURE, null, "orderId " + command.paymentId()
                                + " was signed before for " + stored.txnAmt() + " fen"))
                .onFailure().recoverWithItem(e -> new PrecreateResult(AnswerKind.UNKNOWN, null,
                        "consume form not stored: " + e));
    }

    /** The consume by orderId and its txnTime; a consume we never signed is WAITING (nothing to find yet). */
    @Override
    public Uni<TradeStatus> query(String paymentId) {
        return txns.find(paymentId)
                .chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(new TradeStatus(AnswerKind.WAITING, null, null, null, null,
                                "never sent to UnionPay"))
                        : queryTxn("query", found.get()).map(answer -> tradeStatus(answer, found.get())))
                .onFailure().recoverWithItem(e -> TradeStatus.unknown("query failed: " + e));
    }

    /** See the class comment: SUCCESS once the consume has lapsed unpaid at payTimeout. */
    @Override
    public Uni<TradeStatus> close(String paymentId) {
        return txns.find(paymentId)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(new TradeStatus(AnswerKind.SUCCESS, null, null, null, "CLOSED",
                                "never sent to UnionPay"));
                    }
                    String payTimeout = found.get().form() == null ? null : found.get().form().get("payTimeout");
                    if (payTimeout != null && AcpMessages.txnTime(clock.instant()).compareTo(payTimeout) < 0) {
                        return Uni.createFrom().item(new TradeStatus(AnswerKind.FAILURE, null, null, null, null,
                                "a consume cannot be closed; it lapses at payTimeout " + payTimeout));
                    }
                    return query(paymentId).map(status -> switch (status.kind()) {
                        case SUCCESS -> new TradeStatus(AnswerKind.FAILURE, status.channelTradeNo(), null, null,
                                status.channelStatus(), "paid: cannot be closed");
                        case FAILURE -> new TradeStatus(AnswerKind.SUCCESS, status.channelTradeNo(), null, null,
                                "CLOSED", status.detail());
                        // UnionPay has no transaction (34) or we never sent one: nothing can be paid any more
                        case WAITING -> status.channelStatus() == null || NOT_AT_UNIONPAY.equals(status.channelStatus())
                                ? new TradeStatus(AnswerKind.SUCCESS, null, null, null, "CLOSED",
                                        "lapsed at payTimeout unpaid")
                                : new TradeStatus(AnswerKind.FAILURE, null, null, null, status.channelStatus(),
                                        "still in progress at UnionPay");
                        case UNKNOWN -> status;
                    });
                })
                .onFailure().recoverWithItem(e -> TradeStatus.unknown("close failed: " + e));
    }

    /**
     * Refund (txnType 04) of part or all of a paid consume, its orderId our refund id (letters and digits) and its
     * origQryId the consume's queryId from a query. The refund's txnTime is remembered, so a retry is the same
     * refund at UnionPay.
     */
    @Override
    public Uni<RefundStatus> refund(RefundCommand command) {
        if (!AcpMessages.ORDER_ID.matcher(command.refundId()).matches() || command.refundFen() < 1
                || command.refundFen() > command.totalFen()) {
            return Uni.createFrom().item(new RefundStatus(AnswerKind.FAILURE, null,
                    "refund id must be 8-40 letters or digits, and the amount within the payment"));
        }
        return query(command.paymentId())
                .chain(paid -> switch (paid.kind()) {
                    case SUCCESS -> sendRefund(command, paid.channelTradeNo());
                    case UNKNOWN -> Uni.createFrom().item(new RefundStatus(AnswerKind.UNKNOWN, null, paid.detail()));
                    default -> Uni.createFrom().item(new RefundStatus(AnswerKind.FAILURE, null,
                            "the payment is not paid: " + paid.detail()));
                });
    }

    /** The refund by its orderId and txnTime; one we never sent, or UnionPay never received, is FAILURE. */
    @Override
    public Uni<RefundStatus> queryRefund(String paymentId, String refundId) {
        return txns.find(refundId)
                .chain(found -> found.isEmpty() || !"04".equals(found.get().txnType())
                                || !paymentId.equals(found.get().paymentId())
                        ? Uni.createFrom().item(new RefundStatus(AnswerKind.FAILURE, null, "no such refund sent"))
                        : queryTxn("refund-query", found.get()).map(this::refundStatus))
                .onFailure().recoverWithItem(e -> new RefundStatus(AnswerKind.UNKNOWN, null, "query failed: " + e));
    }

    /**
     * The merchant statement (txnType 76, fileType 00) for a settlement date (MMdd): UnionPay answers with the zip
     * Base64 in fileContent, deflated; this returns the transaction file in it (INN…ZM_…, fixed-width) as raw bytes.
     * A day with no file (respCode 98) is an empty array; anything else that cannot be had fails the Uni.
     */
    @Override
    public Uni<byte[]> downloadStatement(LocalDate businessDate) {
        Map<String, String> form = common("76", "01", "000000");
        form.put("settleDate", AcpMessages.SETTLE_DATE.format(businessDate));
        form.put("txnTime", AcpMessages.txnTime(clock.instant()));
        form.put("fileType", "00");
        return gateway.post("statement", config.fileTransUrl(), form)
                .map(answer -> UnionPayStatementFile.extract(answer, businessDate));
    }

    /**
     * Verifies a back notify: the signing certificate, the signature, our merId, a consume (txnType 01) with
     * orderId, queryId and a txnAmt of digits. respCode 00 is SUCCESS (to be confirmed by query), 03/04/05 WAITING,
     * anything else FAILURE.
     */
    @Override
    public NotifyVerification verifyNotify(InboundNotify notify) {
        Map<String, String> fields;
        try {
            fields = FormCodec.decode(new String(notify.body(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Rejected("unreadable form body: " + e.getMessage(), null);
        }
        String claimed = fields.get("orderId");
        String problem = gateway.trustProblem(fields);
        if (problem != null) {
            return new Rejected(problem, claimed);
        }
        if (!"01".equals(fields.get("txnType"))) {
            return new Rejected("not a consume notify: txnType " + fields.get("txnType"), null);
        }
        for (String field : List.of("respCode", "orderId", "queryId", "txnAmt", "txnTime")) {
            if (fields.get(field) == null || fields.get(field).isEmpty()) {
                return new Rejected("notify has no " + field, claimed);
            }
        }
        if (!AcpMessages.AMOUNT.matcher(fields.get("txnAmt")).matches()) {
            return new Rejected("txnAmt is not fen: " + fields.get("txnAmt"), claimed);
        }
        String respCode = fields.get("respCode");
        AnswerKind kind = "00".equals(respCode) ? AnswerKind.SUCCESS
                : IN_PROGRESS.contains(respCode) ? AnswerKind.WAITING : AnswerKind.FAILURE;
        return new Verified(new NotifyMessage(fields.get("queryId"), claimed, fields.get("queryId"), kind,
                Long.parseLong(fields.get("txnAmt")), AcpMessages.traceInstant(fields.get("txnTime"),
                        fields.get("traceTime")), "respCode " + respCode, fields.get("merId"), null));
    }

    /** UnionPay stops resending on HTTP 200; anything else is sent again. */
    @Override
    public ChannelReply reply(boolean accepted) {
        return accepted ? new ChannelReply(200, "text/plain", "ok") : new ChannelReply(500, "text/plain", "fail");
    }

    private Uni<RefundStatus> sendRefund(RefundCommand command, String origQryId) {
        Instant now = clock.instant();
        Txn txn = new Txn(command.refundId(), command.paymentId(), "04", AcpMessages.txnTime(now),
                command.refundFen(), null);
        return txns.remember(txn, now)
                .chain(stored -> {
                    if (!"04".equals(stored.txnType()) || !command.paymentId().equals(stored.paymentId())
                            || stored.txnAmt() != command.refundFen()) {
                        return Uni.createFrom().item(new RefundStatus(AnswerKind.FAILURE, null,
                                "refund id " + command.refundId() + " was used for another transaction"));
                    }
                    Map<String, String> form = common("04", "00", "000201");
                    form.put("channelType", config.channelType());
                    form.put("orderId", stored.orderId());
                    form.put("txnTime", stored.txnTime());
                    form.put("txnAmt", Long.toString(stored.txnAmt()));
                    form.put("origQryId", origQryId);
                    form.put("backUrl", publicBaseUrl + "/callbacks/" + Channel.UNIONPAY.slug());
                    return gateway.post("refund", config.backTransUrl(), form).map(answer -> refunded(answer, stored));
                })
                .onFailure().recoverWithItem(e -> new RefundStatus(AnswerKind.UNKNOWN, null, "refund failed: " + e));
    }

    private Uni<AcpAnswer> queryTxn(String operation, Txn txn) {
        Map<String, String> form = common("00", "00", "000000");
        form.put("orderId", txn.orderId());
        form.put("txnTime", txn.txnTime());
        return gateway.post(operation, config.singleQueryUrl(), form);
    }

    private Map<String, String> common(String txnType, String txnSubType, String bizType) {
        Map<String, String> form = new TreeMap<>();
        form.put("version", AcpMessages.VERSION);
        form.put("encoding", "UTF-8");
        form.put("signMethod", "01");
        form.put("certId", config.signCertId());
        form.put("txnType", txnType);
        form.put("txnSubType", txnSubType);
        form.put("bizType", bizType);
        form.put("accessType", "0");
        form.put("merId", config.merId());
        return form;
    }

    private TradeStatus tradeStatus(AcpAnswer answer, Txn txn) {
        if (answer.problem() != null) {
            return TradeStatus.unknown(answer.problem());
        }
        String respCode = answer.get("respCode");
        if (NO_SUCH_TRANSACTION.equals(respCode)) {
            return new TradeStatus(AnswerKind.WAITING, null, null, null, NOT_AT_UNIONPAY, answer.describe());
        }
        if (!"00".equals(respCode)) {
            return TradeStatus.unknown(answer.describe());
        }
        if (!txn.orderId().equals(answer.get("orderId"))) {
            return TradeStatus.unknown("answer is for orderId " + answer.get("orderId"));
        }
        String orig = answer.get("origRespCode");
        AnswerKind kind = "00".equals(orig) ? AnswerKind.SUCCESS
                : IN_PROGRESS.contains(orig) ? AnswerKind.WAITING
                : orig == null ? AnswerKind.UNKNOWN : AnswerKind.FAILURE;
        String amount = answer.get("txnAmt");
        Long amountFen = amount != null && AcpMessages.AMOUNT.matcher(amount).matches() ? Long.parseLong(amount) : null;
        if (kind == AnswerKind.SUCCESS && amountFen == null) {
            return TradeStatus.unknown("paid answer without a txnAmt of fen");
        }
        return new TradeStatus(kind, answer.get("queryId"), amountFen,
                AcpMessages.traceInstant(txn.txnTime(), answer.get("traceTime")), "origRespCode " + orig,
                answer.describe());
    }

    private RefundStatus refunded(AcpAnswer answer, Txn refund) {
        if (answer.problem() != null) {
            return new RefundStatus(AnswerKind.UNKNOWN, null, answer.problem());
        }
        String respCode = answer.get("respCode");
        if ("00".equals(respCode) && refund.orderId().equals(answer.get("orderId"))) {
            return new RefundStatus(AnswerKind.WAITING, answer.get("queryId"), "accepted: " + answer.describe());
        }
        return new RefundStatus(respCode == null || IN_PROGRESS.contains(respCode) ? AnswerKind.UNKNOWN
                : AnswerKind.FAILURE, null, answer.describe());
    }

    private RefundStatus refundStatus(AcpAnswer answer) {
        if (answer.problem() != null) {
            return new RefundStatus(AnswerKind.UNKNOWN, null, answer.problem());
        }
        String respCode = answer.get("respCode");
        if (NO_SUCH_TRANSACTION.equals(respCode)) {
            return new RefundStatus(AnswerKind.FAILURE, null, answer.describe());
        }
        if (!"00".equals(respCode)) {
            return new RefundStatus(AnswerKind.UNKNOWN, null, answer.describe());
        }
        String orig = answer.get("origRespCode");
        AnswerKind kind = "00".equals(orig) ? AnswerKind.SUCCESS
                : IN_PROGRESS.contains(orig) ? AnswerKind.WAITING : AnswerKind.FAILURE;
        return new RefundStatus(kind, answer.get("queryId"), answer.describe());
    }

    private static String truncate(String text) {
        return text.codePointCount(0, text.length()) <= REQ_RESERVED_MAX ? text
                : text.substring(0, text.offsetByCodePoints(0, REQ_RESERVED_MAX));
    }
}
