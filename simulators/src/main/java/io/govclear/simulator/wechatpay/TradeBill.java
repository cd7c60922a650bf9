package io.govclear.simulator.wechatpay;

import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.SimClock;
import io.govclear.simulator.Yuan;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The daily trade bill (交易账单, bill_type ALL) in WeChat Pay's format, exactly:
 * <ul>
 * <li>UTF-8 with a byte-order mark (as WeChat sends it), lines ending in CRLF;</li>
 * <li>line 1: the 27 column names of {@link #COLUMNS}, plain;</li>
 * <li>one line per payment that succeeded that day (交易状态 SUCCESS) and per refund that succeeded that day
 * (交易状态 REFUND), ordered by time (交易时间: success time, {@code yyyy-MM-dd HH:mm:ss} in Asia/Shanghai), every
 * field prefixed with a backtick and none quoted; commas and line breaks inside free text (商品名称, 商户数据包) are
 * replaced by spaces so that splitting on "," is safe;</li>
 * <li>amounts in yuan with exactly 2 decimals; 手续费 = amount × rate, half up to the fen (WeChat itself shows 5
 * decimals; we keep the fen), negative on refund lines; 费率 like {@code 0.60%};</li>
 * <li>a SUCCESS line: 应结订单金额 = 订单金额 = the payment, 微信退款单号 and 商户退款单号 {@code 0}, refund amounts
 * 0.00, 退款类型 and 退款状态 empty; a REFUND line: the original trade's ids, 应结订单金额 = 订单金额 = 0.00, 退款金额 =
 * 申请退款金额 = the refund, 退款类型 ORIGINAL, 退款状态 SUCCESS;</li>
 * <li>then the summary header {@link #SUMMARY_COLUMNS}, plain, and the summary line, backticked: number of lines,
 * Σ应结订单金额, Σ退款金额, 0.00, Σ手续费 (refund fees subtracted), Σ订单金额, Σ申请退款金额.</li>
 * </ul>
 * The tradebill API's hash_value is the SHA1 of exactly these bytes.
 */
final class TradeBill {

    static final List<String> COLUMNS = List.of("交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号",
            "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号",
            "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包", "手续费", "费率",
            "订单金额", "申请退款金额", "费率备注");
    static final List<String> SUMMARY_COLUMNS = List.of("总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额",
            "手续费总金额", "订单总金额", "申请退款总金额");
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    private static final String CRLF = "\r\n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(SimClock.ZONE);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final BigDecimal feeRatePercent;

    TradeBill(BigDecimal feeRatePercent) {
        this.feeRatePercent = feeRatePercent;
    }

    /** The bill for one day's payments and refunds; {@code tradeOf} finds each refund's trade. */
    byte[] render(List<SimTrade> paid, List<SimRefund> refunded, Function<String, SimTrade> tradeOf) {
        List<Line> lines = lines(paid, refunded, tradeOf);
        StringBuilder text = new StringBuilder();
        text.append(String.join(",", COLUMNS)).append(CRLF);
        long settled = 0;
        long refundTotal = 0;
        long fees = 0;
        for (Line line : lines) {
            text.append(backticked(line.fields())).append(CRLF);
            settled += line.settledFen();
            refundTotal += line.refundFen();
            fees += line.feeFen();
        }
        text.append(String.join(",", SUMMARY_COLUMNS)).append(CRLF);
        // no coupons: 订单金额 = 应结订单金额 and 申请退款金额 = 退款金额
        text.append(backticked(List.of(Integer.toString(lines.size()), Yuan.format(settled), Yuan.format(refundTotal),
                "0.00", Yuan.format(fees), Yuan.format(settled), Yuan.format(refundTotal)))).append(CRLF);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BOM);
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * What the bill's summary line says for these payments and refunds: 应结订单总金额, 退款总金额 and 手续费总金额
     * (refund fees subtracted), from the same lines the file is written from.
     */
    SettlementTotals totals(List<SimTrade> paid, List<SimRefund> refunded, Function<String, SimTrade> tradeOf) {
        List<Line> lines = lines(paid, refunded, tradeOf);
        return new SettlementTotals(lines.stream().mapToLong(Line::settledFen).sum(),
                lines.stream().mapToLong(Line::refundFen).sum(), lines.stream().mapToLong(Line::feeFen).sum());
    }

    /**
     * The movements these payments and refunds make on the basic account, as the fund-flow bill lists them: from the
     * same lines as this bill, so the two can never disagree.
     */
    List<FundFlowBill.Movement> movements(List<SimTrade> paid, List<SimRefund> refunded,
            Function<String, SimTrade> tradeOf) {
        List<FundFlowBill.Movement> movements = new ArrayList<>();
        for (Line line : lines(paid, refunded, tradeOf)) {
            List<String> f = line.fields();
            if (line.settledFen() > 0) {
                movements.add(new FundFlowBill.Movement(line.at(), line.key(), f.get(5), "交易", "交易", true,
                        line.settledFen(), f.get(6), f.get(6)));
            }
            if (line.refundFen() > 0) {
                movements.add(new FundFlowBill.Movement(line.at(), line.key(), f.get(14), "退款", "退款", false,
                        line.refundFen(), f.get(6), f.get(15)));
            }
            if (line.feeFen() != 0) {
                boolean returned = line.feeFen() < 0;
                movements.add(new FundFlowBill.Movement(line.at(), line.key() + "F", f.get(returned ? 14 : 5),
                        returned ? "退还交易手续费" : "扣除交易手续费", "手续费", returned, Math.abs(line.feeFen()),
                        f.get(6), f.get(returned ? 15 : 6)));
            }
        }
        return movements;
    }

    private List<Line> lines(List<SimTrade> paid, List<SimRefund> refunded, Function<String, SimTrade> tradeOf) {
        List<Line> lines = new ArrayList<>();
        paid.forEach(trade -> lines.add(paymentLine(trade)));
        refunded.forEach(refund -> lines.add(refundLine(refund, tradeOf.apply(refund.outTradeNo()))));
        // a fixed order, so the same day always gives the same bytes (and SHA1)
        lines.sort(Comparator.comparing(Line::at).thenComparing(Line::key));
        return lines;
    }

    /** Fee on an amount: rate percent of it, half up to the fen. */
    long feeFen(long amountFen) {
        return BigDecimal.valueOf(amountFen)
                .multiply(feeRatePercent)
                .divide(HUNDRED)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private Line paymentLine(SimTrade trade) {
        long fee = feeFen(trade.totalFen());
        return new Line(trade.successTime(), "P" + trade.outTradeNo(), trade.totalFen(), 0, fee, List.of(
                TIME.format(trade.successTime()), trade.appid(), trade.mchid(), "0", "", trade.transactionId(),
                trade.outTradeNo(), trade.openid(), "NATIVE", "SUCCESS", "OTHERS", "CNY",
                Yuan.format(trade.totalFen()), "0.00", "0", "0", "0.00", "0.00", "", "",
                freeText(trade.description()), freeText(trade.attach()), Yuan.format(fee), rate(),
                Yuan.format(trade.totalFen()), "0.00", ""));
    }

    private Line refundLine(SimRefund refund, SimTrade trade) {
        long fee = -feeFen(refund.refundFen());
        return new Line(refund.successTime(), "R" + refund.outRefundNo(), 0, refund.refundFen(), fee, List.of(
                TIME.format(refund.successTime()), trade.appid(), trade.mchid(), "0", "", trade.transactionId(),
                trade.outTradeNo(), trade.openid(), "NATIVE", "REFUND", "OTHERS", "CNY", "0.00", "0.00",
                refund.refundId(), refund.outRefundNo(), Yuan.format(refund.refundFen()), "0.00", "ORIGINAL",
                "SUCCESS", freeText(trade.description()), freeText(trade.attach()), Yuan.format(fee), rate(),
                "0.00", Yuan.format(refund.refundFen()), ""));
    }

    private String rate() {
        return feeRatePercent.setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private static String freeText(String text) {
        return text == null ? "" : text.replaceAll("[,\\r\\n]", " ");
    }

    private static String backticked(List<String> fields) {
        return fields.stream().map(field -> "`" + field).collect(Collectors.joining(","));
    }

    /** One detail line with the amounts the summary adds up. */
    private record Line(Instant at, String key, long settledFen, long refundFen, long feeFen, List<String> fields) {
    }
}
