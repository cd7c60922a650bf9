package io.govclear.reconciliation.statement;

import io.govclear.channel.Channel;
import jakarta.inject.Singleton;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * WeChat Pay's trade bill (bill_type ALL, PROTOCOLS.md): UTF-8 (a byte-order mark allowed), a plain header of 27
 * column names, detail lines whose every field starts with a backtick, then the summary header (总交易单数,…) and one
 * summary line. SUCCESS lines are payments (应结订单金额, 手续费), REFUND lines refunds (退款金额, 商户退款单号, the fee
 * given back as a negative 手续费). The summary is required (a file cut short has none) and must equal the lines:
 * count, Σ应结订单金额, Σ退款金额, Σ手续费. An empty file is WeChat's "no bill": nothing was paid or refunded.
 */
@Singleton
public class WechatPayStatementParser implements StatementParser {

    private static final int COLUMNS = 27;
    private static final int SUMMARY_COLUMNS = 7;

    @Override
    public Channel channel() {
        return Channel.WECHAT_PAY;
    }

    @Override
    public StatementTotals parse(InputStream file, Consumer<StatementLine> sink) throws IOException {
        BufferedInputStream in = new BufferedInputStream(file);
        in.mark(3);
        byte[] bom = in.readNBytes(3);
        if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String first = reader.readLine();
        if (first == null) {
            return StatementTotals.EMPTY;
        }
        if (first.split(",", -1).length != COLUMNS || !first.startsWith("交易时间")) {
            throw new StatementFormatException(1, "expected the header of " + COLUMNS + " columns starting with 交易时间");
        }
        StatementTotals totals = StatementTotals.EMPTY;
        long settled = 0;
        int lineNo = 1;
        String text;
        while ((text = reader.readLine()) != null) {
            lineNo++;
            if (text.startsWith("总交易单数")) {
                String summary = reader.readLine();
                checkSummary(lineNo + 1, summary, totals, settled);
                checkNothingAfter(reader, lineNo + 1);
                return totals;
            }
            String[] f = fields(lineNo, text, COLUMNS);
            StatementLine line = switch (f[9]) {
                case "SUCCESS" -> new StatementLine(lineNo, LineKind.PAYMENT, Fields.required(lineNo, "商户订单号", f[6]),
                        Fields.required(lineNo, "微信订单号", f[5]), null,
                        nonNegative(lineNo, "应结订单金额", Fields.signedYuan(lineNo, "应结订单金额", f[12])),
                        Fields.signedYuan(lineNo, "手续费", f[22]), Fields.time(lineNo, "交易时间", f[0]));
                case "REFUND" -> new StatementLine(lineNo, LineKind.REFUND, Fields.required(lineNo, "商户订单号", f[6]),
                        Fields.required(lineNo, "微信订单号", f[5]), Fields.required(lineNo, "商户退款单号", f[15]),
                        nonNegative(lineNo, "退款金额", Fields.signedYuan(lineNo, "退款金额", f[16])),
                        Fields.signedYuan(lineNo, "手续费", f[22]), Fields.time(lineNo, "交易时间", f[0]));
                default -> throw new StatementFormatException(lineNo, "交易状态 '" + f[9]
                        + "' is neither SUCCESS nor REFUND");
            };
            if (line.kind() == LineKind.PAYMENT) {
                settled += line.amountFen();
            }
            totals = totals.plus(line);
            sink.accept(line);
        }
        throw new StatementFormatException(lineNo, "the file ends without its summary (总交易单数,…): cut short?");
    }

    private static void checkSummary(int lineNo, String summary, StatementTotals totals, long settled) {
        if (summary == null) {
            throw new StatementFormatException(lineNo, "the summary header is not followed by the summary line");
        }
        String[] f = fields(lineNo, summary, SUMMARY_COLUMNS);
        long count;
        try {
            count = Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            throw new StatementFormatException(lineNo, "总交易单数 is not a number: '" + f[0] + "'");
        }
        long declaredSettled = Fields.signedYuan(lineNo, "应结订单总金额", f[1]);
        long declaredRefunds = Fields.signedYuan(lineNo, "退款总金额", f[2]);
        long declaredFees = Fields.signedYuan(lineNo, "手续费总金额", f[4]);
        if (count != totals.lines() || declaredSettled != settled || declaredRefunds != totals.refundFen()
                || declaredFees != totals.feeFen()) {
            throw new StatementFormatException(lineNo, "the summary says " + count + " lines, " + declaredSettled
                    + " fen settled, " + declaredRefunds + " fen refunded, " + declaredFees
                    + " fen fees; the lines add up to " + totals.lines() + ", " + settled + ", "
                    + totals.refundFen() + ", " + totals.feeFen());
        }
    }

    private static void checkNothingAfter(BufferedReader reader, int lineNo) throws IOException {
        String text;
        while ((text = reader.readLine()) != null) {
            lineNo++;
            if (!text.isBlank()) {
                throw new StatementFormatException(lineNo, "a line after the summary");
            }
        }
    }

    /** Splits a backticked line into its fields, each without its backtick and trimmed. */
    private static String[] fields(int lineNo, String text, int expected) {
        String[] f = text.split(",", -1);
        if (f.length != expected) {
            throw new StatementFormatException(lineNo, "has " + f.length + " columns, not " + expected);
        }
        for (int i = 0; i < f.length; i++) {
            if (!f[i].startsWith("`")) {
                throw new StatementFormatException(lineNo, "column " + (i + 1) + " does not start with a backtick");
            }
            f[i] = f[i].substring(1).trim();
        }
        return f;
    }

    private static long nonNegative(int lineNo, String column, long fen) {
        if (fen < 0) {
            throw new StatementFormatException(lineNo, column + " is negative");
        }
        return fen;
    }
}
