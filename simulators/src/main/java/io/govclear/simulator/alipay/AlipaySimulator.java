package io.govclear.simulator.alipay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govclear.simulator.SettlementAccount;
import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.SimClock;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.Yuan;
import io.govclear.simulator.PayRequest;
import io.govclear.simulator.RefundFaultRequest.Fault;
import io.govclear.simulator.StatementFault;
import io.govclear.simulator.StatementFaults;
import io.govclear.simulator.DurableMap;
import io.govclear.simulator.SimStore;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Alipay open platform, an HTTP neighbour of the engine: it verifies the merchant's RSA2 signature,
 * answers in Alipay's signed JSON with its codes (10000 success, 40001/40002 bad call, 40004 business failure with an
 * ACQ.* sub_code), keeps its own trades and refunds in memory (atomic per trade), notifies, and writes the daily bill.
 */
@Singleton
public class AlipaySimulator {

    static final String BUYER_ID = "2088102199990000";
    static final String BUYER_LOGON_ID = "139****0000";
    /** Where Alipay withdraws the merchant's takings to: the collection account, as Alipay shows it (masked). */
    static final String SETTLEMENT_ACCOUNT = "1202****0001";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Set<String> METHODS = Set.of("alipay.trade.precreate", "alipay.trade.query",
            "alipay.trade.close", "alipay.trade.refund", "alipay.trade.fastpay.refund.query",
            "alipay.data.dataservice.bill.downloadurl.query");
    private static final Pattern MERCHANT_NO = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Pattern TIMEOUT_EXPRESS = Pattern.compile("([1-9]\\d{0,5})([mhd])");
    private static final long MAX_AMOUNT_FEN = 10_000_000_000L;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    private final DurableMap<AlipayTrade> trades;
    private final DurableMap<String> outTradeNoByTradeNo;
    private final DurableMap<Fault> refundFaults;
    private final AtomicLong tradeSequence = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    private final StatementFaults statementFaults;
    private final AlipaySimulatorConfig config;
    private final AlipayNotifier notifier;
    private final Clock clock;
    private final String appId;
    private final AlipaySigning signing;

    AlipaySimulator(AlipaySimulatorConfig config, AlipaySigning signing, AlipayNotifier notifier, Clock clock,
            SimStore store) {
        this.config = config;
        this.notifier = notifier;
        this.clock = clock;
        this.appId = config.appId().orElseThrow(() -> unset("app-id"));
        this.signing = signing;
        this.trades = store.map("alipay.trades", AlipayTrade.class);
        this.outTradeNoByTradeNo = store.map("alipay.trade-nos", String.class);
        this.refundFaults = store.map("alipay.refund-faults", Fault.class);
        this.statementFaults = new StatementFaults(store.map("alipay.statement-faults", StatementFault.class));
    }

    /**
     * Answers one call of gateway.do: its parameters from the query string and the form (the official SDK puts the
     * common ones in the query string), and the base URI it came in on (for the URLs it hands out).
     * Returns the signed JSON body.
     */
    public String gateway(Map<String, List<String>> query, Map<String, List<String>> form, URI baseUri) {
        String method = single(query, form, "method");
        String node = method != null && METHODS.contains(method) ? method.replace('.', '_') + "_response"
                : "error_response";
        ObjectNode answer;
        try {
            Map<String, String> params = params(query, form);
            checkCall(params);
            answer = dispatch(params.get("method"), biz(params), params, baseUri);
        } catch (GatewayError e) {
            answer = e.answer();
        }
        return signed(node, answer);
    }

    /**
     * The payer pays (or gives up, outcome FAIL) on their phone: the trade gets its trade_no, becomes TRADE_SUCCESS
     * (or TRADE_CLOSED), and the notify goes out as the fault says. 404 for an unknown trade, 409 when not payable.
     */
    public TradeView pay(String outTradeNo, PayRequest request) {
        PayRequest pay = request == null ? new PayRequest(null, null) : request;
        Instant now = clock.instant();
        boolean[] changed = { false };
        AlipayTrade trade = trades.computeIfPresent(outTradeNo, (key, stored) -> {
            AlipayTrade current = stored.at(now);
            if (current.state() != TradeState.WAIT_BUYER_PAY) {
                return stored;
            }
            changed[0] = true;
            String tradeNo = newTradeNo(now);
            return pay.outcomeOrDefault() == PayRequest.Outcome.SUCCESS
                    ? current.paid(tradeNo, now, fee(current.totalFen()))
                    : current.scan().closed(tradeNo, now);
        });
        if (trade == null) {
            throw SimProblem.notFound("TRADE_NOT_FOUND", "No Alipay trade " + outTradeNo);
        }
        if (!changed[0]) {
            throw SimProblem.conflict("TRADE_NOT_PAYABLE",
                    "Alipay trade " + outTradeNo + " is " + trade.at(now).state());
        }
        outTradeNoByTradeNo.put(trade.tradeNo(), outTradeNo);
        if (trade.notifyUrl() != null) {
            notifier.deliver(trade.notifyUrl(), notifyFields(trade), pay.notifyOrDefault());
        }
        return TradeView.of(trade);
    }

    /** The next alipay.trade.refund on the trade answers as the fault says; 404 when the trade is unknown. */
    public void refundFault(String outTradeNo, Fault fault) {
        trade(outTradeNo);
        refundFaults.put(outTradeNo, fault);
    }

    /**
     * The payer scans the QR code: from now on the trade exists at Alipay (queries find it). An expired code stays
     * unscanned. Returns the trade as the payer page shows it; 404 when unknown.
     */
    public TradeView scan(String outTradeNo) {
        Instant now = clock.instant();
        AlipayTrade trade = trades.computeIfPresent(outTradeNo, (key, stored) -> {
            AlipayTrade current = stored.at(now);
            return current.state() == TradeState.WAIT_BUYER_PAY && !stored.scanned() ? stored.scan() : stored;
        });
        if (trade == null) {
            throw SimProblem.notFound("TRADE_NOT_FOUND", "No Alipay trade " + outTradeNo);
        }
        return TradeView.of(trade.at(now));
    }

    /** The trade as the payer page shows it; 404 when unknown. */
    public TradeView trade(String outTradeNo) {
        AlipayTrade trade = trades.get(outTradeNo);
        if (trade == null) {
            throw SimProblem.notFound("TRADE_NOT_FOUND", "No Alipay trade " + outTradeNo);
        }
        return TradeView.of(trade.at(clock.instant()));
    }

    /** The trade bill zip of a business date (see {@link AlipayBill}); 404 for a date that has not begun. */
    public byte[] statement(LocalDate businessDate) {
        Instant now = clock.instant();
        if (businessDate.isAfter(LocalDate.ofInstant(now, SimClock.ZONE))) {
            throw SimProblem.notFound("STATEMENT_NOT_READY", "No Alipay bill for " + businessDate + " yet");
        }
        return AlipayBill.zip(config.sellerId(), businessDate, billLines(businessDate), now);
    }

    /**
     * The account log (账务明细, bill_type signcustomer) zip of a date ({@link AccountLogBill}): the trade bill's
     * lines as balance movements, and the withdrawal of the day before's net to the collection account; 404 for a
     * date that has not begun.
     */
    public byte[] accountLog(LocalDate date) {
        Instant now = clock.instant();
        if (date.isAfter(LocalDate.ofInstant(now, SimClock.ZONE))) {
            throw SimProblem.notFound("STATEMENT_NOT_READY", "No Alipay account log for " + date + " yet");
        }
        List<AccountLogBill.Movement> movements = new ArrayList<>(AccountLogBill.movements(billLines(date),
                BUYER_LOGON_ID));
        long withdrawn = SettlementAccount.withdrawnOn(date, this::netFen);
        if (withdrawn > 0) {
            movements.add(AccountLogBill.withdrawal(date, withdrawn, SETTLEMENT_ACCOUNT));
        }
        return AccountLogBill.zip(config.sellerId(), date,
                SettlementAccount.openingOn(date, activeDates(), this::netFen), movements, now);
    }

    private long netFen(LocalDate businessDate) {
        return settlementTotals(businessDate).netFen();
    }

    /** What the bill of a business date adds up to (the agent bank's credit of Alipay's settlement). */
    public SettlementTotals settlementTotals(LocalDate businessDate) {
        return AlipayBill.totals(billLines(businessDate));
    }

    /** The days any bill may list something on: each payment's day and the next (a late booking), each refund's. */
    public Set<LocalDate> activeDates() {
        Set<LocalDate> dates = new TreeSet<>();
        for (AlipayTrade trade : trades.values()) {
            if (trade.wasPaid()) {
                LocalDate paidOn = LocalDate.ofInstant(trade.paidAt(), SimClock.ZONE);
                dates.add(paidOn);
                dates.add(paidOn.plusDays(1));
            }
            trade.refunds().forEach(refund -> dates.add(LocalDate.ofInstant(refund.refundedAt(), SimClock.ZONE)));
        }
        return dates;
    }

    /** The lines of a business date's bill, statement faults applied: for the file and its totals alike. */
    private List<AlipayBill.Line> billLines(LocalDate businessDate) {
        List<AlipayTrade> listed = trades.values().stream()
                .filter(trade -> mayBeListed(trade, businessDate))
                .map(trade -> listed(trade, businessDate))
                .map(trade -> trade.withRefunds(trade.refunds().stream()
                        .filter(refund -> !statementFaults.leftOut(businessDate, refund.outRequestNo())).toList()))
                .toList();
        return AlipayBill.lines(businessDate, listed, BUYER_LOGON_ID);
    }

    /** Whether a trade can have a line in the date's bill: paid that day or the day before, or refunded that day. */
    private static boolean mayBeListed(AlipayTrade trade, LocalDate date) {
        if (trade.wasPaid()) {
            LocalDate paidOn = LocalDate.ofInstant(trade.paidAt(), SimClock.ZONE);
            if (paidOn.equals(date) || paidOn.plusDays(1).equals(date)) {
                return true;
            }
        }
        return trade.refunds().stream()
                .anyMatch(refund -> LocalDate.ofInstant(refund.refundedAt(), SimClock.ZONE).equals(date));
    }

    /**
     * Makes a business date's bill differ from the truth (see {@link StatementFault}); ADD_CHANNEL_ONLY creates a
     * trade paid at noon that day that the engine never ordered. Returns the fault with the payment id it concerns.
     */
    public StatementFault addStatementFault(StatementFault request) {
        StatementFault fault = StatementFaults.checked(request);
        if (fault.kind() != StatementFault.Kind.ADD_CHANNEL_ONLY) {
            statementFaults.add(fault);
            return fault;
        }
        String outTradeNo = fault.paymentId() != null ? fault.paymentId()
                : "SIM" + String.format("%013d", tradeSequence.incrementAndGet());
        long amount = fault.amountFen() != null ? fault.amountFen() : 100;
        Instant paidAt = fault.businessDate().atTime(12, 0).atZone(SimClock.ZONE).toInstant();
        AlipayTrade trade = AlipayTrade.created(outTradeNo, amount, "channel-only trade", null, null,
                        paidAt.minusSeconds(60), paidAt.plus(DEFAULT_TIMEOUT))
                .paid(newTradeNo(paidAt), paidAt, fee(amount));
        if (trades.putIfAbsent(outTradeNo, trade) != null) {
            throw SimProblem.conflict("TRADE_EXISTS", "Alipay trade " + outTradeNo + " exists already");
        }
        outTradeNoByTradeNo.put(trade.tradeNo(), outTradeNo);
        return new StatementFault(fault.businessDate(), fault.kind(), outTradeNo, amount);
    }

    /** A trade as the bill of {@code date} lists it, statement faults applied. */
    private AlipayTrade listed(AlipayTrade trade, LocalDate date) {
        if (!trade.wasPaid()) {
            return trade;
        }
        LocalDate paidOn = LocalDate.ofInstant(trade.paidAt(), SimClock.ZONE);
        if (paidOn.equals(date) && statementFaults.leftOut(date, trade.outTradeNo())) {
            return trade.listedAs(trade.paidAt().plus(Duration.ofDays(1)), trade.totalFen());
        }
        if (paidOn.plusDays(1).equals(date) && statementFaults.movedInto(date, trade.outTradeNo())) {
            return trade.listedAs(date.atStartOfDay(SimClock.ZONE).toInstant().plusSeconds(1),
                    trade.totalFen());
        }
        return paidOn.equals(date)
                ? trade.listedAs(trade.paidAt(), statementFaults.alteredAmount(date, trade.outTradeNo(),
                        trade.totalFen()).orElse(trade.totalFen()))
                : trade;
    }

    /** The file name Alipay gives the bill download. */
    public String statementFileName(LocalDate businessDate) {
        return config.sellerId() + "_" + DAY.format(businessDate) + ".csv.zip";
    }

    private void checkCall(Map<String, String> params) {
        String method = params.get("method");
        if (method == null) {
            throw GatewayError.missing("method");
        }
        if (!METHODS.contains(method)) {
            throw GatewayError.invalid("isv.invalid-method", "不存在的方法名");
        }
        if (params.get("app_id") == null) {
            throw GatewayError.missing("app-id");
        }
        if (!appId.equals(params.get("app_id"))) {
            throw GatewayError.invalid("isv.invalid-app-id", "无效的AppID参数");
        }
        if (params.get("sign") == null) {
            throw GatewayError.missing("signature");
        }
        if (!"RSA2".equals(params.get("sign_type"))) {
            throw GatewayError.invalid("isv.invalid-signature-type", "无效的签名类型");
        }
        if (params.get("charset") != null && !"utf-8".equalsIgnoreCase(params.get("charset"))) {
            throw GatewayError.invalid("isv.invalid-charset", "字符集错误");
        }
        if (params.get("version") != null && !"1.0".equals(params.get("version"))) {
            throw GatewayError.invalid("isv.invalid-version", "版本号错误");
        }
        try {
            LocalDateTime.parse(String.valueOf(params.get("timestamp")), TIME);
        } catch (DateTimeParseException e) {
            throw GatewayError.invalid("isv.invalid-timestamp", "非法的时间戳参数");
        }
        if (!signing.requestVerifies(params)) {
            throw GatewayError.invalid("isv.invalid-signature", "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配");
        }
    }

    private ObjectNode dispatch(String method, JsonNode biz, Map<String, String> params, URI baseUri) {
        return switch (method) {
            case "alipay.trade.precreate" -> precreate(biz, params, baseUri);
            case "alipay.trade.query" -> query(biz);
            case "alipay.trade.close" -> close(biz);
            case "alipay.trade.refund" -> refund(biz);
            case "alipay.trade.fastpay.refund.query" -> refundQuery(biz);
            default -> billDownloadUrl(biz, baseUri);
        };
    }

    private ObjectNode precreate(JsonNode biz, Map<String, String> params, URI baseUri) {
        String outTradeNo = merchantNo(biz, "out_trade_no");
        long totalFen = amount(biz, "total_amount");
        String subject = text(biz, "subject");
        if (subject == null || subject.length() > 256) {
            throw GatewayError.business("ACQ.INVALID_PARAMETER", "subject 必填且不超过256个字符");
        }
        Instant now = clock.instant();
        AlipayTrade fresh = AlipayTrade.created(outTradeNo, totalFen, subject, params.get("notify_url"),
                params.get("return_url"), now, now.plus(timeout(text(biz, "timeout_express"))));
        AlipayTrade trade = trades.computeIfAbsent(outTradeNo, key -> fresh).at(now);
        if (trade.totalFen() != totalFen) {
            throw GatewayError.business("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
        }
        if (trade.wasPaid()) {
            throw GatewayError.business("ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
        }
        if (trade.state() == TradeState.TRADE_CLOSED) {
            throw GatewayError.business("ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
        }
        return success()
                .put("out_trade_no", outTradeNo)
                .put("qr_code", baseUri.resolve("sim/alipay/pay/" + outTradeNo).toString());
    }

    private ObjectNode query(JsonNode biz) {
        AlipayTrade trade = find(biz).at(clock.instant());
        ObjectNode answer = success()
                .put("out_trade_no", trade.outTradeNo())
                .put("trade_status", trade.state().name())
                .put("total_amount", Yuan.format(trade.totalFen()));
        if (trade.tradeNo() != null) {
            answer.put("trade_no", trade.tradeNo())
                    .put("buyer_logon_id", BUYER_LOGON_ID)
                    .put("buyer_user_id", BUYER_ID);
        }
        if (trade.wasPaid()) {
            answer.put("send_pay_date", time(trade.paidAt()))
                    .put("receipt_amount", Yuan.format(trade.totalFen()))
                    .put("buyer_pay_amount", Yuan.format(trade.totalFen()));
        }
        return answer;
    }

    private ObjectNode close(JsonNode biz) {
        String key = find(biz).outTradeNo();
        Instant now = clock.instant();
        AlipayTrade trade = trades.computeIfPresent(key, (k, stored) -> stored.at(now).state()
                == TradeState.WAIT_BUYER_PAY ? stored.closed(stored.tradeNo(), now) : stored).at(now);
        if (trade.wasPaid()) {
            throw GatewayError.business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        }
        ObjectNode answer = success()
                .put("out_trade_no", trade.outTradeNo());
        if (trade.tradeNo() != null) {
            answer.put("trade_no", trade.tradeNo());
        }
        return answer;
    }

    private ObjectNode refund(JsonNode biz) {
        String key = find(biz).outTradeNo();
        long amountFen = amount(biz, "refund_amount");
        String requestNo = text(biz, "out_request_no") == null ? key : merchantNo(biz, "out_request_no");
        String reason = text(biz, "refund_reason");
        Fault fault = refundFaults.remove(key);
        if (fault == Fault.BUSY) {
            throw busy();
        }
        if (fault == Fault.REFUSED) {
            throw GatewayError.business("ACQ.SELLER_BALANCE_NOT_ENOUGH", "卖家余额不足");
        }
        Instant now = clock.instant();
        boolean[] fresh = { false };
        AlipayTrade trade = trades.computeIfPresent(key, (k, stored) -> {
            AlipayTrade current = stored.at(now);
            AlipayRefund earlier = current.refund(requestNo).orElse(null);
            if (earlier != null) {
                if (earlier.amountFen() != amountFen) {
                    throw GatewayError.business("ACQ.REFUND_FEE_ERROR", "同一退款请求号的退款金额不一致");
                }
                return stored;
            }
            if (!current.wasPaid()) {
                throw GatewayError.business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
            }
            long refundedAfter = current.refundedFen() + amountFen;
            if (refundedAfter > current.totalFen()) {
                throw GatewayError.business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
            }
            // The refund that completes a full refund gives back all the fee that is left, so fees sum to zero
            long feeReturned = refundedAfter == current.totalFen() ? current.feeFen() - current.feeReturnedFen()
                    : fee(amountFen);
            fresh[0] = true;
            return current.refunded(new AlipayRefund(requestNo, amountFen, reason, now, feeReturned));
        });
        AlipayRefund refund = trade.refund(requestNo).orElseThrow();
        if (fault == Fault.ANSWER_LOST) {
            throw busy();
        }
        return success()
                .put("trade_no", trade.tradeNo())
                .put("out_trade_no", trade.outTradeNo())
                .put("buyer_logon_id", BUYER_LOGON_ID)
                .put("buyer_user_id", BUYER_ID)
                .put("fund_change", fresh[0] ? "Y" : "N")
                .put("refund_fee", Yuan.format(trade.refundedFen()))
                .put("send_back_fee", Yuan.format(refund.amountFen()))
                .put("gmt_refund_pay", time(refund.refundedAt()));
    }

    private ObjectNode refundQuery(JsonNode biz) {
        AlipayTrade trade = find(biz);
        String requestNo = merchantNo(biz, "out_request_no");
        ObjectNode answer = success()
                .put("out_trade_no", trade.outTradeNo())
                .put("out_request_no", requestNo);
        if (trade.tradeNo() != null) {
            answer.put("trade_no", trade.tradeNo());
        }
        trade.refund(requestNo).ifPresent(refund -> answer
                .put("total_amount", Yuan.format(trade.totalFen()))
                .put("refund_amount", Yuan.format(refund.amountFen()))
                .put("refund_status", "REFUND_SUCCESS")
                .put("gmt_refund_pay", time(refund.refundedAt())));
        return answer;
    }

    private ObjectNode billDownloadUrl(JsonNode biz, URI baseUri) {
        String billType = text(biz, "bill_type");
        if (!"trade".equals(billType) && !"signcustomer".equals(billType)) {
            throw GatewayError.business("isp.bill_type_not_exist", "账单类型不存在，只支持 trade 和 signcustomer");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(String.valueOf(text(biz, "bill_date")));
        } catch (DateTimeParseException e) {
            throw GatewayError.business("isp.bill_date_invalid", "bill_date 格式为 yyyy-MM-dd");
        }
        if (date.isAfter(LocalDate.ofInstant(clock.instant(), SimClock.ZONE))) {
            throw GatewayError.business("isp.bill_not_exist", "账单不存在");
        }
        return success()
                .put("bill_download_url", baseUri.resolve("sim/alipay/statements/" + date
                        + ("signcustomer".equals(billType) ? "?bill_type=signcustomer" : "")).toString());
    }

    private Map<String, String> notifyFields(AlipayTrade trade) {
        Map<String, String> fields = new TreeMap<>();
        String total = Yuan.format(trade.totalFen());
        fields.put("notify_type", "trade_status_sync");
        fields.put("notify_id", UUID.randomUUID().toString().replace("-", ""));
        fields.put("app_id", appId);
        fields.put("auth_app_id", appId);
        fields.put("charset", "utf-8");
        fields.put("version", "1.0");
        fields.put("trade_no", trade.tradeNo());
        fields.put("out_trade_no", trade.outTradeNo());
        fields.put("buyer_id", BUYER_ID);
        fields.put("buyer_logon_id", BUYER_LOGON_ID);
        fields.put("seller_id", config.sellerId());
        fields.put("trade_status", trade.state().name());
        fields.put("total_amount", total);
        fields.put("subject", trade.subject());
        fields.put("gmt_create", time(trade.createdAt()));
        if (trade.wasPaid()) {
            fields.put("receipt_amount", total);
            fields.put("buyer_pay_amount", total);
            fields.put("invoice_amount", total);
            fields.put("point_amount", "0.00");
            fields.put("gmt_payment", time(trade.paidAt()));
            fields.put("fund_bill_list", "[{\"amount\":\"" + total + "\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
        } else {
            fields.put("gmt_close", time(trade.closedAt()));
        }
        return fields;
    }

    private String signed(String node, ObjectNode answer) {
        try {
            String text = JSON.writeValueAsString(answer);
            return "{\"" + node + "\":" + text + ",\"sign\":\"" + signing.sign(text) + "\"}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private AlipayTrade find(JsonNode biz) {
        String tradeNo = text(biz, "trade_no");
        String outTradeNo = tradeNo != null ? outTradeNoByTradeNo.get(tradeNo) : text(biz, "out_trade_no");
        if (tradeNo == null && outTradeNo == null) {
            throw GatewayError.business("ACQ.INVALID_PARAMETER", "out_trade_no 与 trade_no 不能同时为空");
        }
        AlipayTrade trade = outTradeNo == null ? null : trades.get(outTradeNo);
        // a precreated QR trade comes into being at Alipay only when the payer scans the code
        if (trade == null || !trade.scanned()) {
            throw GatewayError.business("ACQ.TRADE_NOT_EXIST", "交易不存在");
        }
        return trade;
    }

    private String newTradeNo(Instant now) {
        return DAY.format(LocalDate.ofInstant(now, SimClock.ZONE)) + "2200"
                + String.format("%016d", tradeSequence.incrementAndGet());
    }

    /** Alipay's fee on an amount, rounded half up to the fen. */
    private long fee(long amountFen) {
        return BigDecimal.valueOf(amountFen)
                .multiply(config.feeRate())
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static Map<String, String> params(Map<String, List<String>> query, Map<String, List<String>> form) {
        Map<String, String> params = new TreeMap<>();
        for (Map<String, List<String>> source : List.of(query, form)) {
            source.forEach((key, values) -> {
                if (values.size() != 1 || params.put(key, values.get(0)) != null) {
                    throw GatewayError.invalid("isv.invalid-parameter", "参数重复: " + key);
                }
            });
        }
        return params;
    }

    private static String single(Map<String, List<String>> query, Map<String, List<String>> form, String key) {
        List<String> values = form.containsKey(key) ? form.get(key) : query.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static JsonNode biz(Map<String, String> params) {
        try {
            JsonNode biz = JSON.readTree(String.valueOf(params.get("biz_content")));
            if (biz == null || !biz.isObject()) {
                throw GatewayError.missing("biz-content");
            }
            return biz;
        } catch (JsonProcessingException e) {
            throw GatewayError.invalid("isv.invalid-biz-content", "biz_content 不是合法的 JSON");
        }
    }

    private static String merchantNo(JsonNode biz, String field) {
        String value = text(biz, field);
        if (value == null || !MERCHANT_NO.matcher(value).matches()) {
            throw GatewayError.business("ACQ.INVALID_PARAMETER", field + " 必填，最长64位，只能是字母、数字和下划线");
        }
        return value;
    }

    /** A yuan amount with at most two decimals in [0.01, 100000000]. */
    private static long amount(JsonNode biz, String field) {
        try {
            long fen = Yuan.parse(text(biz, field));
            if (fen >= 1 && fen <= MAX_AMOUNT_FEN) {
                return fen;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same answer as an amount out of range
        }
        throw GatewayError.business("ACQ.INVALID_PARAMETER", field + " 取值范围[0.01,100000000]，精确到小数点后两位");
    }

    /** timeout_express: 1m to 15d, in minutes (m), hours (h) or days (d). */
    private static Duration timeout(String express) {
        if (express == null) {
            return DEFAULT_TIMEOUT;
        }
        Matcher m = TIMEOUT_EXPRESS.matcher(express);
        Duration timeout = !m.matches() ? Duration.ZERO : switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(Long.parseLong(m.group(1)));
            case "h" -> Duration.ofHours(Long.parseLong(m.group(1)));
            default -> Duration.ofDays(Long.parseLong(m.group(1)));
        };
        if (timeout.isZero() || timeout.compareTo(Duration.ofDays(15)) > 0) {
            throw GatewayError.business("ACQ.INVALID_PARAMETER", "timeout_express 取值范围 1m～15d");
        }
        return timeout;
    }

    private static String text(JsonNode biz, String field) {
        JsonNode value = biz.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty() ? null
                : value.asText();
    }

    private static String time(Instant instant) {
        return TIME.format(LocalDateTime.ofInstant(instant, SimClock.ZONE));
    }

    private static ObjectNode success() {
        return JSON.createObjectNode()
                .put("code", "10000")
                .put("msg", "Success");
    }

    /** Alipay's "busy, ask again": the merchant cannot tell whether the call did anything. */
    private static GatewayError busy() {
        return GatewayError.business("ACQ.SYSTEM_ERROR", "系统繁忙，请稍后再试");
    }

    private static IllegalStateException unset(String property) {
        return new IllegalStateException("govclear.simulator.alipay." + property + " is not set");
    }

    /** An Alipay error answer, thrown out of the request's handling and rendered signed like any answer. */
    private static final class GatewayError extends RuntimeException {

        private final transient ObjectNode answer;

        private GatewayError(String code, String msg, String subCode, String subMsg) {
            super(subCode, null, false, false);
            this.answer = JSON.createObjectNode()
                    .put("code", code)
                    .put("msg", msg)
                    .put("sub_code", subCode)
                    .put("sub_msg", subMsg);
        }

        static GatewayError missing(String argument) {
            return new GatewayError("40001", "Missing Required Arguments", "isv.missing-" + argument,
                    "缺少必选参数");
        }

        static GatewayError invalid(String subCode, String subMsg) {
            return new GatewayError("40002", "Invalid Arguments", subCode, subMsg);
        }

        static GatewayError business(String subCode, String subMsg) {
            return new GatewayError("40004", "Business Failed", subCode, subMsg);
        }

        ObjectNode answer() {
            return answer;
        }
    }
}
