package io.govclear.simulator.alipay;

import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.SimClock;
import io.govclear.simulator.Yuan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The simulated Alipay's daily trade bill (业务明细), the file that alipay.data.dataservice.bill.downloadurl.query
 * points to. A zip with one entry {@code <pid>_<yyyyMMdd>_业务明细.csv}; the entry name and the text are GBK, as
 * Alipay's are (read it with {@code new ZipInputStream(in, Charset.forName("GBK"))}); lines end with {@code \n}.
 *
 * <pre>
 * #支付宝业务明细查询
 * #账号：[2088000000000000]
 * #起始日期：[2026年11月23日 00:00:00]   终止日期：[2026年11月24日 00:00:00]
 * #-----------------------------------------业务明细列表----------------------------------------
 * 支付宝交易号,商户订单号,业务类型,…            the 25 columns of {@link #COLUMNS}, in that order
 * 2026112322001400000000000001,P123,交易,…     one line per trade paid and per refund made that day (Asia/Shanghai),
 * …                                            ordered by completion time
 * #-----------------------------------------业务明细列表结束------------------------------------
 * #交易合计：2笔，商家实收：40.00元，服务费：-0.24元
 * #退款合计：1笔，商家实收：-5.00元，服务费：0.03元
 * #导出时间：[2026年11月24日 09:00:00]
 * </pre>
 *
 * Fields are never quoted: a comma or line break in a subject becomes '，' or a space. Real files pad some ids with a
 * tab, so a parser should trim every field. Amounts are yuan with two decimals; times {@code yyyy-MM-dd HH:mm:ss}.
 * <ul>
 * <li>交易 line: 订单金额 and 商家实收 are the trade's total; 服务费 is the fee, negative: round half up (total × fee
 * rate) to the fen; 完成时间 is the payment time; 退款批次号/请求号 is empty.</li>
 * <li>退款 line: 订单金额 is the trade's total; 商家实收 is minus the refund; 退款批次号/请求号 is the out_request_no;
 * 完成时间 is the refund time; 服务费 is the fee given back, positive: round half up (refund × fee rate), except that the
 * refund completing a full refund gives back all that is left, so a fully refunded trade's fees sum to zero;
 * 备注 is the refund reason.</li>
 * <li>Both: 创建时间 is the trade's creation; 对方账户 the payer's masked logon id; red packets, points, discounts,
 * coupons, card and profit share are 0.00; store, operator, terminal and coupon name are empty.</li>
 * </ul>
 */
final class AlipayBill {

    static final Charset GBK = Charset.forName("GBK");

    static final List<String> COLUMNS = List.of("支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间",
            "门店编号", "门店名称", "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）",
            "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号",
            "服务费（元）", "分润（元）", "备注");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(SimClock.ZONE);
    private static final DateTimeFormatter CHINESE_TIME = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss")
            .withZone(SimClock.ZONE);
    private static final String ZERO = "0.00";

    private AlipayBill() {
    }

    /** The zip for one business date, of the lines {@link #lines} found for it. */
    static byte[] zip(String pid, LocalDate date, List<Line> lines, Instant exportedAt) {
        String day = date.toString().replace("-", "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, GBK)) {
            zip.putNextEntry(new ZipEntry(pid + "_" + day + "_业务明细.csv"));
            zip.write(csv(pid, date, lines, exportedAt).getBytes(GBK));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The bill's lines of one business date, ordered by completion time: the one computation behind both the file
     * and the totals the agent bank settles ({@link #totals}).
     */
    static List<Line> lines(LocalDate date, Collection<AlipayTrade> trades, String buyerLogonId) {
        List<Line> lines = new ArrayList<>();
        for (AlipayTrade trade : trades) {
            if (trade.wasPaid() && onDate(trade.paidAt(), date)) {
                lines.add(new Line(trade.paidAt(), row(trade, "交易", trade.paidAt(), trade.totalFen(), "",
                        -trade.feeFen(), "", buyerLogonId), true, trade.totalFen(), -trade.feeFen(), trade.tradeNo(),
                        trade.outTradeNo(), plain(trade.subject())));
            }
            for (AlipayRefund refund : trade.refunds()) {
                if (onDate(refund.refundedAt(), date)) {
                    lines.add(new Line(refund.refundedAt(), row(trade, "退款", refund.refundedAt(), -refund.amountFen(),
                            refund.outRequestNo(), refund.feeReturnedFen(), refund.reason(), buyerLogonId), false,
                            -refund.amountFen(), refund.feeReturnedFen(), trade.tradeNo(), trade.outTradeNo(),
                            plain(trade.subject())));
                }
            }
        }
        lines.sort(Comparator.comparing(Line::completedAt));
        return lines;
    }

    /** What the lines add up to, as the bill's own 合计 lines say: 商家实收 of trades and refunds, and 服务费. */
    static SettlementTotals totals(List<Line> lines) {
        long paid = lines.stream().filter(Line::trade).mapToLong(Line::receivedFen).sum();
        long refunded = -lines.stream().filter(l -> !l.trade()).mapToLong(Line::receivedFen).sum();
        long fees = -lines.stream().mapToLong(Line::feeFen).sum();
        return new SettlementTotals(paid, refunded, fees);
    }

    private static String csv(String pid, LocalDate date, List<Line> lines, Instant exportedAt) {
        StringBuilder csv = new StringBuilder()
                .append("#支付宝业务明细查询\n")
                .append("#账号：[").append(pid).append("]\n")
                .append("#起始日期：[").append(CHINESE_TIME.format(date.atStartOfDay(SimClock.ZONE)))
                .append("]   终止日期：[").append(CHINESE_TIME.format(date.plusDays(1).atStartOfDay(SimClock.ZONE)))
                .append("]\n")
                .append("#-----------------------------------------业务明细列表----------------------------------------\n")
                .append(String.join(",", COLUMNS)).append('\n');
        lines.forEach(line -> csv.append(line.text()).append('\n'));
        csv.append("#-----------------------------------------业务明细列表结束------------------------------------\n")
                .append(total("交易", lines.stream().filter(Line::trade).toList()))
                .append(total("退款", lines.stream().filter(l -> !l.trade()).toList()))
                .append("#导出时间：[").append(CHINESE_TIME.format(exportedAt)).append("]\n");
        return csv.toString();
    }

    private static String row(AlipayTrade trade, String type, Instant completedAt, long receivedFen,
            String outRequestNo, long feeFen, String remark, String buyerLogonId) {
        return String.join(",", trade.tradeNo(), trade.outTradeNo(), type, plain(trade.subject()),
                TIME.format(trade.createdAt()), TIME.format(completedAt), "", "", "", "", buyerLogonId,
                Yuan.format(trade.totalFen()), Yuan.format(receivedFen), ZERO, ZERO, ZERO, ZERO, ZERO, "", ZERO, ZERO,
                outRequestNo, Yuan.format(feeFen), ZERO, plain(remark));
    }

    private static String total(String type, List<Line> lines) {
        return "#" + type + "合计：" + lines.size() + "笔，商家实收：" + Yuan.format(lines.stream()
                .mapToLong(Line::receivedFen).sum()) + "元，服务费：" + Yuan.format(lines.stream()
                .mapToLong(Line::feeFen).sum()) + "元\n";
    }

    private static boolean onDate(Instant instant, LocalDate date) {
        return instant.atZone(SimClock.ZONE).toLocalDate().equals(date);
    }

    /** Free text without the separators of an unquoted CSV. */
    static String plain(String text) {
        return text == null ? "" : text.replace(',', '，').replace('\r', ' ').replace('\n', ' ');
    }

    /** One line of the bill with the amounts its 合计 lines add up (fees negative, as the bill shows them). */
    record Line(Instant completedAt, String text, boolean trade, long receivedFen, long feeFen, String tradeNo,
            String outTradeNo, String subject) {
    }
}
