package io.govclear.simulator.wechatpay;

import io.govclear.simulator.SettlementAccount;
import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.SimClock;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.PayRequest;
import io.govclear.simulator.PayRequest.Outcome;
import io.govclear.simulator.RefundFaultRequest.Fault;
import io.govclear.simulator.StatementFault;
import io.govclear.simulator.StatementFaults;
import io.govclear.simulator.DurableMap;
import io.govclear.simulator.SimStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.io.InputStream;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulated WeChat Pay's books: Native trades by out_trade_no and refunds by out_refund_no, in memory. Each
 * change to a trade happens inside the map's atomic compute for that trade, so concurrent calls cannot pay twice or
 * refund more than was paid.
 */
@ApplicationScoped
public class WechatPaySimulator {

    /** How long an unpaid Native order can be paid when time_expire does not say (WeChat: 2 hours). */
    private static final Duration DEFAULT_EXPIRY = Duration.ofHours(2);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String DIGITS = "0123456789";

    private final DurableMap<SimTrade> trades;
    private final DurableMap<SimRefund> refunds;
    private final DurableMap<Fault> refundFaults;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final NotifyDelivery notifies;
    private final TradeBill tradeBill;
    private final StatementFaults statementFaults;
    private final WechatPaySimulatorConfig config;

    public WechatPaySimulator(Clock clock, NotifyDelivery notifies, WechatPaySimulatorConfig config,
            SimStore store) {
        this.trades = store.map("wechat-pay.trades", SimTrade.class);
        this.refunds = store.map("wechat-pay.refunds", SimRefund.class);
        this.refundFaults = store.map("wechat-pay.refund-faults", Fault.class);
        this.statementFaults = new StatementFaults(store.map("wechat-pay.statement-faults", StatementFault.class));
        this.clock = clock;
        this.notifies = notifies;
        this.tradeBill = new TradeBill(config.feeRatePercent());
        this.config = config;
    }

    /** A Native order as validated from the request body. */
    public record NativeOrder(String appid, String mchid, String description, String outTradeNo, Instant timeExpire,
            String attach, String notifyUrl, long totalFen) {
    }

    /** A refund request as validated from the request body. */
    public record RefundOrder(String outTradeNo, String outRefundNo, String reason, long refundFen, long totalFen) {
    }

    /**
     * Creates the trade, or returns the unpaid one already there when description and amount are the same (WeChat
     * lets a merchant re-issue a Native order that way); anything else under that out_trade_no is an error.
     */
    public SimTrade order(NativeOrder order) {
        Instant now = clock.instant();
        SimTrade created = new SimTrade(order.outTradeNo(), order.appid(), order.mchid(), order.description(),
                order.totalFen(), order.notifyUrl(), order.attach(), now,
                order.timeExpire() == null ? now.plus(DEFAULT_EXPIRY) : order.timeExpire(), TradeState.NOTPAY, null,
                null, null, 0);
        SimTrade existing = trades.putIfAbsent(order.outTradeNo(), created);
        if (existing == null) {
            return created;
        }
        if (existing.totalFen() != order.totalFen() || !existing.description().equals(order.description())) {
            throw new WechatPayError(403, "OUT_TRADE_NO_USED", "商户订单号重复");
        }
        return switch (existing.state()) {
            case NOTPAY -> existing;
            case SUCCESS, REFUND -> throw new WechatPayError(400, "ORDERPAID", "该订单已支付");
            case CLOSED -> throw new WechatPayError(400, "ORDER_CLOSED", "订单已关闭");
            case PAYERROR -> throw new WechatPayError(400, "INVALID_REQUEST", "订单支付失败，请使用新的商户订单号");
        };
    }

    /** The trade under a merchant order number, if it was ever ordered. */
    public Optional<SimTrade> trade(String outTradeNo) {
        return Optional.ofNullable(trades.get(outTradeNo));
    }

    /** Closes an unpaid trade (again is fine); a paid one answers ORDERPAID. */
    public void close(String outTradeNo) {
        SimTrade closed = trades.computeIfPresent(outTradeNo, (no, trade) -> switch (trade.state()) {
            case SUCCESS, REFUND -> throw new WechatPayError(400, "ORDERPAID", "订单已支付，不能关闭");
            default -> trade.withState(TradeState.CLOSED);
        });
        if (closed == null) {
            throw new WechatPayError(404, "ORDER_NOT_EXIST", "订单不存在");
        }
    }

    /**
     * The payer pays (or the payment fails: PAYERROR) and, on success, WeChat notifies the merchant with the given
     * fault. WeChat sends no notify for a failed payment. 404 for an unknown trade, 409 for one not payable.
     */
    public SimTrade pay(String outTradeNo, PayRequest request) {
        PayRequest how = request == null ? new PayRequest(null, null) : request;
        Instant now = clock.instant();
        SimTrade after = trades.computeIfPresent(outTradeNo, (no, trade) -> {
            if (!trade.payableAt(now)) {
                throw SimProblem.conflict("TRADE_NOT_PAYABLE", "Trade " + no + " is " + trade.state()
                        + (trade.state() == TradeState.NOTPAY ? " and expired" : "") + "; it cannot be paid");
            }
            return how.outcomeOrDefault() == Outcome.SUCCESS
                    ? trade.paid(transactionId(now), "oSim" + randomDigits(24), now)
                    : trade.withState(TradeState.PAYERROR);
        });
        if (after == null) {
            throw SimProblem.notFound("TRADE_NOT_FOUND", "The WeChat Pay simulator has no trade " + outTradeNo);
        }
        if (after.state() == TradeState.SUCCESS) {
            notifies.send(after, how.notifyOrDefault());
        }
        return after;
    }

    /**
     * Refunds part or all of a paid trade, at once. The same out_refund_no again returns the same refund; with
     * another trade or amount it is an error, as is refunding more than is left.
     */
    public SimRefund refund(RefundOrder order) {
        Fault fault = refundFaults.remove(order.outTradeNo());
        if (fault == Fault.BUSY) {
            throw systemError();
        }
        if (fault == Fault.REFUSED) {
            throw new WechatPayError(403, "NOT_ENOUGH", "基本账户余额不足，请充值后重新发起");
        }
        Instant now = clock.instant();
        SimRefund[] result = { refunds.get(order.outRefundNo()) };
        if (result[0] == null) {
            trades.compute(order.outTradeNo(), (no, trade) -> {
                if (trade == null) {
                    throw new WechatPayError(404, "RESOURCE_NOT_EXISTS", "订单不存在");
                }
                // an identical request that raced this one has already refunded
                result[0] = refunds.get(order.outRefundNo());
                if (result[0] != null) {
                    return trade;
                }
                if (trade.state() != TradeState.SUCCESS && trade.state() != TradeState.REFUND) {
                    throw new WechatPayError(400, "INVALID_REQUEST", "订单未支付，不能退款");
                }
                if (order.totalFen() != trade.totalFen()) {
                    throw new WechatPayError(400, "PARAM_ERROR", "amount.total 与原订单金额不一致");
                }
                if (trade.refundedFen() + order.refundFen() > trade.totalFen()) {
                    throw new WechatPayError(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额");
                }
                SimRefund made = new SimRefund(refundId(now), order.outRefundNo(), no, trade.transactionId(),
                        order.refundFen(), order.totalFen(), order.reason(), now, now);
                // out_refund_no is unique across trades too
                SimRefund prior = refunds.putIfAbsent(order.outRefundNo(), made);
                result[0] = prior == null ? made : prior;
                return prior == null ? trade.refunded(order.refundFen()) : trade;
            });
        }
        SimRefund refund = result[0];
        if (!refund.outTradeNo().equals(order.outTradeNo()) || refund.refundFen() != order.refundFen()) {
            throw new WechatPayError(400, "INVALID_REQUEST", "商户退款单号已用于另一笔退款");
        }
        if (fault == Fault.ANSWER_LOST) {
            throw systemError();
        }
        return refund;
    }

    /** The next refund call on the trade answers as the fault says; 404 when the trade is unknown. */
    public void refundFault(String outTradeNo, Fault fault) {
        if (trades.get(outTradeNo) == null) {
            throw SimProblem.notFound("TRADE_NOT_FOUND", "The WeChat Pay simulator has no trade " + outTradeNo);
        }
        refundFaults.put(outTradeNo, fault);
    }

    private static WechatPayError systemError() {
        return new WechatPayError(500, "SYSTEM_ERROR", "系统错误");
    }

    /** The refund under a merchant refund number, if there is one. */
    public Optional<SimRefund> refund(String outRefundNo) {
        return Optional.ofNullable(refunds.get(outRefundNo));
    }

    /**
     * The trade bill for a business date (Asia/Shanghai) in WeChat's format ({@link TradeBill}): every payment and
     * refund that succeeded that day. Empty when there was none: WeChat then has no bill (NO_STATEMENT_EXIST).
     */
    public Optional<byte[]> bill(LocalDate businessDate) {
        BillDay day = billDay(businessDate);
        if (day.paid().isEmpty() && day.refunded().isEmpty()) {
            return Optional.empty();
        }
        byte[] bill = tradeBill.render(day.paid(), day.refunded(), trades::get);
        List<String> corrupted = statementFaults.corrupted(businessDate);
        if (corrupted.isEmpty()) {
            return Optional.of(bill);
        }
        String text = new String(bill, StandardCharsets.UTF_8);
        for (String paymentId : corrupted) {
            text = text.replace("`" + paymentId + ",", "`" + paymentId + ",`corrupted,");
        }
        return Optional.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the rendered bill of a business date sums to (its summary line; a corrupted line changes no amount): the
     * agent bank's credit of WeChat Pay's settlement. A prepared bill of the bill directory is not read for this.
     */
    public SettlementTotals settlementTotals(LocalDate businessDate) {
        BillDay day = billDay(businessDate);
        return tradeBill.totals(day.paid(), day.refunded(), trades::get);
    }

    /**
     * The fund-flow bill (资金账单) of the basic account for a date ({@link FundFlowBill}): the day's payments,
     * refunds and fees as the trade bill lists them, and the withdrawal of the day before's net to the collection
     * account. Empty when nothing moved: WeChat then has no bill.
     */
    public Optional<byte[]> fundFlowBill(LocalDate date) {
        BillDay day = billDay(date);
        List<FundFlowBill.Movement> movements = new ArrayList<>(tradeBill.movements(day.paid(), day.refunded(),
                trades::get));
        long withdrawn = SettlementAccount.withdrawnOn(date, this::netFen);
        if (withdrawn > 0) {
            movements.add(FundFlowBill.withdrawal(date, withdrawn));
        }
        if (movements.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(FundFlowBill.render(date, SettlementAccount.openingOn(date, activeDates(), this::netFen),
                movements));
    }

    private long netFen(LocalDate businessDate) {
        return settlementTotals(businessDate).netFen();
    }

    /** The days any bill may list something on: each payment's day and the next (a late booking), each refund's. */
    public Set<LocalDate> activeDates() {
        Set<LocalDate> dates = new TreeSet<>();
        trades.values().stream().filter(trade -> trade.successTime() != null).forEach(trade -> {
            dates.add(day(trade.successTime()));
            dates.add(day(trade.successTime()).plusDays(1));
        });
        refunds.values().forEach(refund -> dates.add(day(refund.successTime())));
        return dates;
    }

    /** The payments and refunds a business date's bill lists, statement faults applied: for the file and its sums. */
    private BillDay billDay(LocalDate businessDate) {
        List<SimTrade> paid = trades.values().stream()
                .filter(trade -> trade.successTime() != null)
                .map(trade -> listed(trade, businessDate))
                .filter(trade -> businessDate.equals(day(trade.successTime())))
                .toList();
        List<SimRefund> refunded = refunds.values().stream()
                .filter(refund -> businessDate.equals(day(refund.successTime()))
                        && !statementFaults.leftOut(businessDate, refund.outRefundNo()))
                .toList();
        return new BillDay(paid, refunded);
    }

    private record BillDay(List<SimTrade> paid, List<SimRefund> refunded) {
    }

    /** The bill prepared as a file for the date in the bill directory, if any (served instead of the rendered one). */
    public Optional<Path> preparedBill(LocalDate businessDate) {
        return config.billDirectory().map(dir -> dir.resolve(businessDate + ".csv")).filter(Files::isRegularFile);
    }

    /** The hash_value announced for a prepared bill: its {@code .sha1} companion's text, else its SHA1 (blocking). */
    public String preparedBillSha1(Path bill) {
        Path declared = bill.resolveSibling(bill.getFileName() + ".sha1");
        try {
            return Files.isRegularFile(declared) ? Files.readString(declared).trim() : sha1Hex(bill);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        String outTradeNo = fault.paymentId() != null ? fault.paymentId() : "SIM" + randomDigits(13);
        long amount = fault.amountFen() != null ? fault.amountFen() : 100;
        Instant paidAt = fault.businessDate().atTime(12, 0).atZone(SimClock.ZONE).toInstant();
        SimTrade trade = new SimTrade(outTradeNo, config.appid().orElse(""), config.mchid().orElse(""),
                "channel-only trade", amount, null, null, paidAt.minusSeconds(60), paidAt.plus(DEFAULT_EXPIRY), TradeState.NOTPAY, null, null, null, 0)
                .paid(transactionId(paidAt), "oSim" + randomDigits(24), paidAt);
        if (trades.putIfAbsent(outTradeNo, trade) != null) {
            throw SimProblem.conflict("TRADE_EXISTS", "WeChat Pay trade " + outTradeNo + " exists already");
        }
        return new StatementFault(fault.businessDate(), fault.kind(), outTradeNo, amount);
    }

    /** A paid trade as the bill of {@code date} lists it, statement faults applied. */
    private SimTrade listed(SimTrade trade, LocalDate date) {
        LocalDate paidOn = day(trade.successTime());
        if (paidOn.equals(date) && statementFaults.leftOut(date, trade.outTradeNo())) {
            return trade.listedAs(trade.successTime().plus(Duration.ofDays(1)), trade.totalFen());
        }
        if (paidOn.plusDays(1).equals(date) && statementFaults.movedInto(date, trade.outTradeNo())) {
            return trade.listedAs(date.atStartOfDay(SimClock.ZONE).toInstant().plusSeconds(1),
                    trade.totalFen());
        }
        return paidOn.equals(date)
                ? trade.listedAs(trade.successTime(), statementFaults.alteredAmount(date, trade.outTradeNo(),
                        trade.totalFen()).orElse(trade.totalFen()))
                : trade;
    }

    private static String sha1Hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha1.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, SimClock.ZONE);
    }

    /** 28 digits like WeChat's: 4200, the date, 16 random digits. */
    private String transactionId(Instant now) {
        return "4200" + DAY.format(day(now)) + randomDigits(16);
    }

    /** 29 digits like WeChat's refund ids: 5030, the date, 17 random digits. */
    private String refundId(Instant now) {
        return "5030" + DAY.format(day(now)) + randomDigits(17);
    }

    private String randomDigits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(DIGITS.charAt(random.nextInt(10)));
        }
        return sb.toString();
    }
}
