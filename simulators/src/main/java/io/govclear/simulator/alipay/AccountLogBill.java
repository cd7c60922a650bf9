package io.govclear.simulator.alipay;

import io.govclear.simulator.SimClock;
import io.govclear.simulator.Yuan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The simulated Alipay's daily account log (账务明细, bill_type signcustomer): how the merchant's Alipay balance
 * moved. A zip with one entry {@code <pid>_<yyyyMMdd>_账务明细.csv}, GBK, {@code \n}, {@code #} lines around the
 * table as in the trade bill, the 12 columns of {@link #COLUMNS}. One line per movement, by time: each paid trade
 * (收入, 在线支付) and its service fee (支出, 收费), each refund (支出, 交易退款) and the fee given back (收入, 收费),
 * all from the same lines as the trade bill ({@link AlipayBill#lines}); and at 09:00 the withdrawal of the day
 * before's net to the collection account (支出, 提现; 商户订单号 the agent bank's reference STL-ALIPAY-yyyyMMdd), which
 * is what the agent bank credits that day. Incomes are written {@code +x.xx}, expenses {@code -x.xx}; 账户余额 runs
 * on from the day's opening balance. The footer counts and sums the expenses and the incomes.
 */
final class AccountLogBill {

    static final List<String> COLUMNS = List.of("账务流水号", "业务流水号", "商户订单号", "商品名称", "发生时间", "对方账号",
            "收入金额（+元）", "支出金额（-元）", "账户余额（元）", "交易渠道", "业务类型", "备注");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(SimClock.ZONE);
    private static final DateTimeFormatter CHINESE_TIME = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss")
            .withZone(SimClock.ZONE);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** One movement of the merchant's balance: {@code fen} positive for an income, negative for an expense. */
    record Movement(Instant at, String businessNo, String outTradeNo, String subject, String counterparty, long fen,
            String channel, String type, String remark) {
    }

    private AccountLogBill() {
    }

    /** The movements of the trade bill's lines: trades, refunds and their fees. */
    static List<Movement> movements(List<AlipayBill.Line> lines, String buyerLogonId) {
        List<Movement> movements = new ArrayList<>();
        for (AlipayBill.Line line : lines) {
            movements.add(new Movement(line.completedAt(), line.tradeNo(), line.outTradeNo(), line.subject(),
                    buyerLogonId, line.receivedFen(), "", line.trade() ? "在线支付" : "交易退款", ""));
            if (line.feeFen() != 0) {
                movements.add(new Movement(line.completedAt(), line.tradeNo(), line.outTradeNo(), line.subject(), "",
                        line.feeFen(), "", "收费", line.trade() ? "服务费" : "服务费退回"));
            }
        }
        return movements;
    }

    /** The withdrawal, at 09:00 of {@code date}, of the day before's net. */
    static Movement withdrawal(LocalDate date, long fen, String account) {
        LocalDate settled = date.minusDays(1);
        return new Movement(date.atTime(9, 0).atZone(SimClock.ZONE).toInstant(), "2088" + DAY.format(settled),
                "STL-ALIPAY-" + DAY.format(settled), "结算款", account, -fen, "", "提现", "结算 " + settled);
    }

    static byte[] zip(String pid, LocalDate date, long openingFen, List<Movement> movements, Instant exportedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, AlipayBill.GBK)) {
            zip.putNextEntry(new ZipEntry(pid + "_" + DAY.format(date) + "_账务明细.csv"));
            zip.write(csv(pid, date, openingFen, movements, exportedAt).getBytes(AlipayBill.GBK));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String csv(String pid, LocalDate date, long openingFen, List<Movement> movements,
            Instant exportedAt) {
        List<Movement> lines = new ArrayList<>(movements);
        lines.sort(Comparator.comparing(Movement::at));
        StringBuilder csv = new StringBuilder()
                .append("#支付宝账务明细查询\n")
                .append("#账号：[").append(pid).append("]\n")
                .append("#起始日期：[").append(CHINESE_TIME.format(date.atStartOfDay(SimClock.ZONE)))
                .append("]   终止日期：[").append(CHINESE_TIME.format(date.plusDays(1).atStartOfDay(SimClock.ZONE)))
                .append("]\n")
                .append("#-----------------------------------------账务明细列表----------------------------------------\n")
                .append(String.join(",", COLUMNS)).append('\n');
        long balance = openingFen;
        long in = 0;
        long out = 0;
        int ins = 0;
        int sequence = 0;
        for (Movement m : lines) {
            balance += m.fen();
            boolean income = m.fen() > 0;
            in += income ? m.fen() : 0;
            out += income ? 0 : m.fen();
            ins += income ? 1 : 0;
            csv.append(String.join(",", "2088" + DAY.format(date) + String.format("%010d", ++sequence),
                    m.businessNo(), m.outTradeNo(), m.subject(), TIME.format(m.at()), m.counterparty(),
                    income ? "+" + Yuan.format(m.fen()) : "", income ? "" : Yuan.format(m.fen()), Yuan.format(balance),
                    m.channel(), m.type(), m.remark())).append('\n');
        }
        return csv.append("#-----------------------------------------账务明细列表结束------------------------------------\n")
                .append("#支出合计：").append(lines.size() - ins).append("笔，共").append(Yuan.format(out)).append("元\n")
                .append("#收入合计：").append(ins).append("笔，共").append(Yuan.format(in)).append("元\n")
                .append("#导出时间：[").append(CHINESE_TIME.format(exportedAt)).append("]\n")
                .toString();
    }
}
