package io.govclear.simulator.wechatpay;

import io.govclear.simulator.SimClock;
import io.govclear.simulator.Yuan;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The daily fund-flow bill (资金账单, account_type BASIC) of the merchant's basic account in WeChat Pay's layout: UTF-8
 * with a byte-order mark, CRLF, the 11 columns of {@link #COLUMNS}, every detail field prefixed with a backtick; then
 * the summary header {@link #SUMMARY_COLUMNS} and its line (backticked). One line per movement of the day, by
 * time: each payment (收入 交易) and its fee (支出 扣除交易手续费), each refund (支出 退款) and the fee given back
 * (收入 退还交易手续费), all from the same lines as the trade bill; and at 09:00 the withdrawal of the day before's
 * net to the collection account (支出 提现, 业务凭证号 the agent bank's reference STL-WECHAT_PAY-yyyyMMdd), so the
 * bill's 提现 is exactly what the agent bank credits that day. 账户结余 is the running balance.
 */
final class FundFlowBill {

    static final List<String> COLUMNS = List.of("记账时间", "微信支付业务单号", "资金流水单号", "业务名称", "业务类型",
            "收支类型", "收支金额(元)", "账户结余(元)", "资金变更提交申请人", "备注", "业务凭证号");
    static final List<String> SUMMARY_COLUMNS = List.of("资金流水总笔数", "收入笔数", "收入金额", "支出笔数", "支出金额");
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    private static final String CRLF = "\r\n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(SimClock.ZONE);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** One movement of the basic account: income or expense, positive fen. */
    record Movement(Instant at, String key, String businessNo, String name, String type, boolean income, long fen,
            String remark, String voucherNo) {
    }

    private FundFlowBill() {
    }

    /** The withdrawal of the day before's net, booked at 09:00 of {@code date}. */
    static Movement withdrawal(LocalDate date, long fen) {
        LocalDate settled = date.minusDays(1);
        return new Movement(date.atTime(9, 0).atZone(SimClock.ZONE).toInstant(), "W", "1000" + DAY.format(settled),
                "提现", "自动提现", false, fen, "结算 " + settled, "STL-WECHAT_PAY-" + DAY.format(settled));
    }

    static byte[] render(LocalDate date, long openingFen, List<Movement> movements) {
        List<Movement> lines = new ArrayList<>(movements);
        lines.sort(Comparator.comparing(Movement::at).thenComparing(Movement::key));
        StringBuilder text = new StringBuilder(String.join(",", COLUMNS)).append(CRLF);
        long balance = openingFen;
        long in = 0;
        long out = 0;
        int ins = 0;
        int sequence = 0;
        for (Movement m : lines) {
            balance += m.income() ? m.fen() : -m.fen();
            in += m.income() ? m.fen() : 0;
            out += m.income() ? 0 : m.fen();
            ins += m.income() ? 1 : 0;
            text.append(backticked(List.of(TIME.format(m.at()), m.businessNo(),
                    "FF" + DAY.format(date) + String.format("%08d", ++sequence), m.name(), m.type(),
                    m.income() ? "收入" : "支出", Yuan.format(m.fen()), Yuan.format(balance), "system", m.remark(),
                    m.voucherNo()))).append(CRLF);
        }
        text.append(String.join(",", SUMMARY_COLUMNS)).append(CRLF);
        text.append(backticked(List.of(Integer.toString(lines.size()), Integer.toString(ins), Yuan.format(in),
                Integer.toString(lines.size() - ins), Yuan.format(out)))).append(CRLF);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(BOM);
        bytes.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static String backticked(List<String> fields) {
        return fields.stream().map(field -> "`" + field).collect(Collectors.joining(","));
    }
}
