package io.govclear.simulator.unionpay;

import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.SimClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The merchant transaction file (ZM) of one settlement day: one fixed-width record per paid consume (交易代码 S22) and
 * refund (S30, our choice of code), in the 40 fields of PROTOCOLS.md with their widths, fields separated by one space
 * (the official SDK's parser skips one byte between fields), records ended by CRLF, ASCII only.
 * <p>
 * Padding (our documented choice): text left-aligned and padded with spaces, cut at its width; numbers zero-padded on
 * the left; the 12-wide 交易金额 and 分期付款附加手续费 in fen; every 13-wide amount (商户手续费, 结算金额,
 * 二级商户分账入账金额, 清算净额, 优惠金额, 发票金额) a sign letter, C (to the merchant) or D (from the merchant),
 * then 12 digits of fen. Empty fields are spaces.
 */
final class ZmFile {

    /** The widths of the 40 fields, in order. */
    static final int[] WIDTHS = { 3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4,
            32, 1, 21, 15, 1, 15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1 };
    static final String ACQUIRER = "00010000";
    static final String CARD = "6216********0110";
    static final String MCC = "9399";

    private ZmFile() {
    }

    /** The file's bytes for these transactions (only PAID ones are listed), in trace time order. */
    static byte[] write(Collection<SimTxn> txns) {
        StringBuilder file = new StringBuilder();
        listed(txns).forEach(t -> file.append(String.join(" ", record(t))).append("\r\n"));
        return file.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** What the file of these transactions adds up to: 结算金额 of consumes and of refunds, 商户手续费 (C taken off). */
    static SettlementTotals totals(Collection<SimTxn> txns) {
        long paid = 0;
        long refunded = 0;
        long fees = 0;
        for (SimTxn t : listed(txns)) {
            boolean refund = "04".equals(t.txnType());
            paid += refund ? 0 : t.txnAmt();
            refunded += refund ? t.txnAmt() : 0;
            fees += refund ? -t.feeFen() : t.feeFen();
        }
        return new SettlementTotals(paid, refunded, fees);
    }

    /** The records of the file, in its order: the one list behind both its bytes and its totals. */
    private static List<SimTxn> listed(Collection<SimTxn> txns) {
        return txns.stream()
                .filter(t -> t.state() == SimTxn.State.PAID)
                .sorted(Comparator.comparing(SimTxn::tracedAt))
                .toList();
    }

    static List<String> record(SimTxn t) {
        boolean refund = "04".equals(t.txnType());
        long net = t.txnAmt() - t.feeFen();
        List<String> f = new ArrayList<>();
        f.add(refund ? "S30" : "S22");                                  // 交易代码
        f.add(text(ACQUIRER, 11));                                      // 代理机构标识码
        f.add(text(ACQUIRER, 11));                                      // 发送机构标识码
        f.add(number(t.traceNo(), 6));                                  // 系统跟踪号
        f.add(traceTime(t.tracedAt()));                                 // 交易传输时间
        f.add(text(CARD, 19));                                          // 账号
        f.add(number(Long.toString(t.txnAmt()), 12));                   // 交易金额
        f.add(MCC);                                                     // 商户类别
        f.add("08");                                                    // 终端类型
        f.add(text(t.queryId(), 21));                                   // 查询流水号
        f.add(blank(2));                                                // 支付方式（旧）
        f.add(text(t.orderId(), 32));                                   // 商户订单号
        f.add("01");                                                    // 支付卡类型
        f.add(refund ? number(t.origTraceNo(), 6) : blank(6));          // 原始交易的系统跟踪号
        f.add(refund ? traceTime(t.origTracedAt()) : blank(10));        // 原始交易日期时间
        f.add(signed(refund ? 'C' : 'D', t.feeFen()));                  // 商户手续费
        f.add(signed(refund ? 'D' : 'C', t.txnAmt()));                  // 结算金额
        f.add(blank(4));                                                // 支付方式
        f.add(blank(15));                                               // 集团商户代码
        f.add(t.txnType());                                             // txnType
        f.add(refund ? "00" : "01");                                    // txnSubType
        f.add("000201");                                                // bizType
        f.add("01");                                                    // 账号类型
        f.add(blank(4));                                                // 账单类型
        f.add(blank(32));                                               // 账单号码
        f.add(blank(1));                                                // 交互方式
        f.add(refund ? text(t.origQryId(), 21) : blank(21));            // 原交易查询流水号
        f.add(text(t.merId(), 15));                                     // 商户代码
        f.add(blank(1));                                                // 分账入账方式
        f.add(blank(15));                                               // 二级商户代码
        f.add(blank(32));                                               // 二级商户简称
        f.add(signed('C', 0));                                          // 二级商户分账入账金额
        f.add(signed(refund ? 'D' : 'C', net));                         // 清算净额
        f.add(blank(8));                                                // 终端号
        f.add(blank(32));                                               // 商户自定义域
        f.add(signed('C', 0));                                          // 优惠金额
        f.add(signed(refund ? 'D' : 'C', t.txnAmt()));                  // 发票金额
        f.add(number("0", 12));                                         // 分期付款附加手续费
        f.add(blank(2));                                                // 分期付款期数
        f.add(blank(1));                                                // 交易介质
        return f;
    }

    /** The ZM file's name in the zip: INN + settlement date yyMMdd + 88ZM_ + merId. */
    static String name(String yyMMdd, String merId) {
        return "INN" + yyMMdd + "88ZM_" + merId;
    }

    private static String traceTime(Instant at) {
        return Acp.TRACE_TIME.format(LocalDateTime.ofInstant(at, SimClock.ZONE));
    }

    private static String text(String value, int width) {
        String v = value == null ? "" : value;
        return v.length() >= width ? v.substring(0, width) : v + " ".repeat(width - v.length());
    }

    private static String number(String digits, int width) {
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static String signed(char sign, long fen) {
        return sign + number(Long.toString(fen), 12);
    }

    private static String blank(int width) {
        return " ".repeat(width);
    }
}
