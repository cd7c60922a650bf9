package io.govclear.reconciliation.statement;

import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * UnionPay's merchant transaction file (ZM, PROTOCOLS.md): one fixed-width record per line (CRLF), the 40 fields of
 * their widths separated by one space, ASCII. 交易代码 S22 is a consume (a payment), S30 a refund; anything else is
 * not ours to read. 交易金额 is 12 digits of fen; 商户手续费 a sign letter (D: charged to us, C: given back) and 12
 * digits. A consume's 商户订单号 is our payment id; a refund's is our refund id, and the file names the refunded
 * consume only by its queryId (原交易查询流水号), which the line carries as its payment id and channel trade number.
 * 交易传输时间 has no year (MMddHHmmss): the year is the one that puts the time no later than tomorrow. The file has
 * no totals of its own; an empty file is UnionPay's "no file" (respCode 98): nothing was paid or refunded.
 */
@Singleton
public class UnionPayStatementParser implements StatementParser {

    /** The widths of the 40 fields, in order. */
    static final int[] WIDTHS = { 3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4,
            32, 1, 21, 15, 1, 15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1 };
    private static final int LENGTH = Arrays.stream(WIDTHS).sum() + WIDTHS.length - 1;
    private static final int CODE = 0;
    private static final int TRACE_TIME = 4;
    private static final int AMOUNT = 6;
    private static final int QUERY_ID = 9;
    private static final int ORDER_ID = 11;
    private static final int FEE = 15;
    private static final int ORIG_QUERY_ID = 26;
    private static final DateTimeFormatter MONTH_TO_SECOND = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private final Clock clock;

    public UnionPayStatementParser(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.UNIONPAY;
    }

    @Override
    public StatementTotals parse(InputStream file, Consumer<StatementLine> sink) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(file, StandardCharsets.US_ASCII));
        LocalDate tomorrow = LocalDate.now(clock.withZone(Clocks.BUSINESS_ZONE)).plusDays(1);
        StatementTotals totals = StatementTotals.EMPTY;
        int lineNo = 0;
        String text;
        while ((text = reader.readLine()) != null) {
            lineNo++;
            StatementLine line = line(lineNo, text, tomorrow);
            totals = totals.plus(line);
            sink.accept(line);
        }
        return totals;
    }

    private static StatementLine line(int lineNo, String text, LocalDate tomorrow) {
        if (text.length() != LENGTH) {
            throw new StatementFormatException(lineNo, "is " + text.length() + " characters long, not " + LENGTH
                    + " (40 fixed-width fields)");
        }
        String[] f = new String[WIDTHS.length];
        int at = 0;
        for (int i = 0; i < WIDTHS.length; i++) {
            if (i > 0) {
                if (text.charAt(at) != ' ') {
                    throw new StatementFormatException(lineNo, "no space before field " + (i + 1) + " at column "
                            + (at + 1));
                }
                at++;
            }
            f[i] = text.substring(at, at + WIDTHS[i]).trim();
            at += WIDTHS[i];
        }
        long amount = digits(lineNo, "交易金额", f[AMOUNT]);
        long fee = signed(lineNo, "商户手续费", f[FEE]);
        Instant completedAt = time(lineNo, f[TRACE_TIME], tomorrow);
        return switch (f[CODE]) {
            case "S22" -> new StatementLine(lineNo, LineKind.PAYMENT, Fields.required(lineNo, "商户订单号", f[ORDER_ID]),
                    Fields.required(lineNo, "查询流水号", f[QUERY_ID]), null, amount, fee, completedAt);
            case "S30" -> new StatementLine(lineNo, LineKind.REFUND,
                    Fields.required(lineNo, "原交易查询流水号", f[ORIG_QUERY_ID]), f[ORIG_QUERY_ID],
                    Fields.required(lineNo, "商户订单号", f[ORDER_ID]), amount, fee, completedAt);
            default -> throw new StatementFormatException(lineNo, "交易代码 '" + f[CODE] + "' is neither S22 nor S30");
        };
    }

    private static long digits(int lineNo, String column, String value) {
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new StatementFormatException(lineNo, column + " is not fen: '" + value + "'");
        }
        return Long.parseLong(value);
    }

    /** D (from the merchant: a fee charged) is positive, C (to the merchant: given back) negative. */
    private static long signed(int lineNo, String column, String value) {
        if (value.isEmpty() || (value.charAt(0) != 'C' && value.charAt(0) != 'D')) {
            throw new StatementFormatException(lineNo, column + " does not start with C or D: '" + value + "'");
        }
        long fen = digits(lineNo, column, value.substring(1));
        return value.charAt(0) == 'D' ? fen : -fen;
    }

    private static Instant time(int lineNo, String value, LocalDate tomorrow) {
        try {
            LocalDateTime t = LocalDateTime.parse(tomorrow.getYear() + value, MONTH_TO_SECOND);
            if (t.toLocalDate().isAfter(tomorrow)) {
                t = t.minusYears(1);
            }
            return t.atZone(Clocks.BUSINESS_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new StatementFormatException(lineNo, "交易传输时间 is not MMddHHmmss: '" + value + "'");
        }
    }
}
