package io.govclear.reconciliation.statement;

import io.govclear.channel.Channel;
import io.govclear.channel.bank.Bank;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * A bank's day-end file (README "Bank counters"), UTF-8: a header {@code H|bank|businessDate|count|sumFen}, then one
 * {@code D|paymentCode|amountFen|bankSerialNo|confirmationNo|paidAt} line per payment the bank confirmed that day and
 * did not reverse. The confirmation number is our attempt's payment id, so lines match as payments by it; the bank's
 * serial number is the line's channel trade number; a counter payment has no fee. The header must name this bank and
 * its count and sum must equal the lines. One bean per bank (their files share the format).
 */
public abstract class BankDayEndParser implements StatementParser {

    private final Bank bank;

    protected BankDayEndParser(Bank bank) {
        this.bank = bank;
    }

    @Override
    public Channel channel() {
        return bank.channel();
    }

    @Override
    public StatementTotals parse(InputStream file, Consumer<StatementLine> sink) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(file, StandardCharsets.UTF_8));
        String first = reader.readLine();
        if (first == null) {
            throw new StatementFormatException(1, "the file is empty: no H| header");
        }
        String[] h = first.split("\\|", -1);
        if (h.length != 5 || !"H".equals(h[0])) {
            throw new StatementFormatException(1, "expected the header H|bank|businessDate|count|sumFen");
        }
        if (!bank.name().equals(h[1])) {
            throw new StatementFormatException(1, "the header names bank '" + h[1] + "', not " + bank.name());
        }
        try {
            LocalDate.parse(h[2]);
        } catch (DateTimeParseException e) {
            throw new StatementFormatException(1, "businessDate is not a date: '" + h[2] + "'");
        }
        long count = number(1, "count", h[3]);
        long sum = number(1, "sumFen", h[4]);
        StatementTotals totals = StatementTotals.EMPTY;
        int lineNo = 1;
        String text;
        while ((text = reader.readLine()) != null) {
            lineNo++;
            if (text.isEmpty()) {
                continue;
            }
            StatementLine line = line(lineNo, text);
            totals = totals.plus(line);
            sink.accept(line);
        }
        if (count != totals.paymentCount() || sum != totals.paymentFen()) {
            throw new StatementFormatException(1, "the header says " + count + " payments, " + sum
                    + " fen; the lines add up to " + totals.paymentCount() + ", " + totals.paymentFen());
        }
        return totals;
    }

    private static StatementLine line(int lineNo, String text) {
        String[] f = text.split("\\|", -1);
        if (f.length != 6 || !"D".equals(f[0])) {
            throw new StatementFormatException(lineNo, "expected D|paymentCode|amountFen|bankSerialNo|confirmationNo|"
                    + "paidAt (" + f.length + " fields)");
        }
        Fields.required(lineNo, "paymentCode", f[1]);
        long amount = number(lineNo, "amountFen", f[2]);
        if (amount == 0) {
            throw new StatementFormatException(lineNo, "amountFen is zero");
        }
        Instant paidAt;
        try {
            paidAt = OffsetDateTime.parse(f[5]).toInstant();
        } catch (DateTimeParseException e) {
            throw new StatementFormatException(lineNo, "paidAt is not a time with offset: '" + f[5] + "'");
        }
        return new StatementLine(lineNo, LineKind.PAYMENT, Fields.required(lineNo, "confirmationNo", f[4]),
                Fields.required(lineNo, "bankSerialNo", f[3]), null, amount, 0, paidAt);
    }

    private static long number(int lineNo, String column, String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new StatementFormatException(lineNo, column + " is not a number: '" + value + "'");
        }
        return Long.parseLong(value);
    }
}
