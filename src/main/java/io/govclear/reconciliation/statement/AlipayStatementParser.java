package io.govclear.reconciliation.statement;

import io.govclear.channel.Channel;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Alipay's trade bill (PROTOCOLS.md): a zip whose {@code …_业务明细.csv} entry is GBK text, {@code #} comment lines
 * before and after a table of 25 unquoted columns. 交易 lines are payments (商家实收 is the amount, 服务费 the fee,
 * negative), 退款 lines refunds (商家实收 negative, 退款批次号/请求号 our refund id, 服务费 the fee given back). The
 * closing comments {@code #交易合计：N笔，商家实收：X元，服务费：Y元} and {@code #退款合计：…}, when present, must equal the
 * lines. Every field is trimmed (Alipay pads some ids with a tab). Lines are numbered within the CSV entry.
 */
@Singleton
public class AlipayStatementParser implements StatementParser {

    static final Charset GBK = Charset.forName("GBK");
    private static final int COLUMNS = 25;
    private static final Pattern TOTAL = Pattern.compile(
            "#(交易|退款)合计：(\\d+)笔，商家实收：(-?[0-9.]+)元，服务费：(-?[0-9.]+)元");

    @Override
    public Channel channel() {
        return Channel.ALIPAY;
    }

    @Override
    public StatementTotals parse(InputStream file, Consumer<StatementLine> sink) throws IOException {
        ZipInputStream zip = new ZipInputStream(file, GBK);
        ZipEntry entry;
        try {
            do {
                entry = zip.getNextEntry();
            } while (entry != null && !(entry.getName().endsWith("_业务明细.csv")));
        } catch (ZipException | IllegalArgumentException e) {
            throw new StatementFormatException(0, "not a readable zip: " + e.getMessage());
        }
        if (entry == null) {
            throw new StatementFormatException(0, "the zip holds no …_业务明细.csv");
        }
        return parseCsv(new BufferedReader(new InputStreamReader(zip, GBK)), sink);
    }

    /** The CSV entry itself, already decoded. */
    StatementTotals parseCsv(BufferedReader reader, Consumer<StatementLine> sink) throws IOException {
        StatementTotals totals = StatementTotals.EMPTY;
        long tradeReceived = 0;
        long tradeFees = 0;
        long refundReceived = 0;
        long refundFees = 0;
        boolean header = false;
        boolean tableEnded = false;
        int lineNo = 0;
        String text;
        while ((text = reader.readLine()) != null) {
            lineNo++;
            if (text.isBlank()) {
                continue;
            }
            if (text.startsWith("#")) {
                tableEnded = header;
                Matcher total = TOTAL.matcher(text.trim());
                if (total.matches()) {
                    boolean trades = total.group(1).equals("交易");
                    checkTotal(lineNo, total, trades ? totals.paymentCount() : totals.refundCount(),
                            trades ? tradeReceived : refundReceived, trades ? tradeFees : refundFees);
                }
                continue;
            }
            String[] f = text.split(",", -1);
            if (!header) {
                if (f.length != COLUMNS || !f[0].trim().equals("支付宝交易号")) {
                    throw new StatementFormatException(lineNo, "expected the header of " + COLUMNS
                            + " columns starting with 支付宝交易号");
                }
                header = true;
                continue;
            }
            if (tableEnded) {
                throw new StatementFormatException(lineNo, "a detail line after the end of the table");
            }
            if (f.length != COLUMNS) {
                throw new StatementFormatException(lineNo, "has " + f.length + " columns, not " + COLUMNS);
            }
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].trim();
            }
            long received = Fields.signedYuan(lineNo, "商家实收", f[12]);
            long fee = Fields.signedYuan(lineNo, "服务费", f[22]);
            StatementLine line = switch (f[2]) {
                case "交易" -> new StatementLine(lineNo, LineKind.PAYMENT, Fields.required(lineNo, "商户订单号", f[1]),
                        Fields.required(lineNo, "支付宝交易号", f[0]), null, nonNegative(lineNo, received), -fee,
                        Fields.time(lineNo, "完成时间", f[5]));
                case "退款" -> new StatementLine(lineNo, LineKind.REFUND, Fields.required(lineNo, "商户订单号", f[1]),
                        Fields.required(lineNo, "支付宝交易号", f[0]), Fields.required(lineNo, "退款批次号/请求号", f[21]),
                        nonNegative(lineNo, -received), -fee, Fields.time(lineNo, "完成时间", f[5]));
                default -> throw new StatementFormatException(lineNo, "业务类型 '" + f[2] + "' is neither 交易 nor 退款");
            };
            if (line.kind() == LineKind.PAYMENT) {
                tradeReceived += received;
                tradeFees += fee;
            } else {
                refundReceived += received;
                refundFees += fee;
            }
            totals = totals.plus(line);
            sink.accept(line);
        }
        if (!header) {
            throw new StatementFormatException(lineNo, "no header line (支付宝交易号,…) in the file");
        }
        return totals;
    }

    private static void checkTotal(int lineNo, Matcher total, int count, long received, long fees) {
        long declaredReceived = Fields.signedYuan(lineNo, "商家实收合计", total.group(3));
        long declaredFees = Fields.signedYuan(lineNo, "服务费合计", total.group(4));
        if (Integer.parseInt(total.group(2)) != count || declaredReceived != received || declaredFees != fees) {
            throw new StatementFormatException(lineNo, total.group(1) + "合计 says " + total.group(2) + " lines, "
                    + declaredReceived + " fen received, " + declaredFees + " fen fees; the lines add up to " + count
                    + ", " + received + ", " + fees);
        }
    }

    private static long nonNegative(int lineNo, long fen) {
        if (fen < 0) {
            throw new StatementFormatException(lineNo, "商家实收 has the wrong sign for its 业务类型");
        }
        return fen;
    }
}
