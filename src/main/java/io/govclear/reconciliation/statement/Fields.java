package io.govclear.reconciliation.statement;

import io.govclear.common.Clocks;
import io.govclear.common.Yuan;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reading one field of a statement line, each failure naming the line and the column. */
final class Fields {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Fields() {
    }

    /** A yuan amount that may carry a minus sign, in fen. */
    static long signedYuan(int lineNo, String column, String value) {
        try {
            return value.startsWith("-") ? -Yuan.parse(value.substring(1)) : Yuan.parse(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new StatementFormatException(lineNo, column + " is not an amount: '" + value + "'");
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss} in business time (Asia/Shanghai). */
    static Instant time(int lineNo, String column, String value) {
        try {
            return LocalDateTime.parse(value, TIME).atZone(Clocks.BUSINESS_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new StatementFormatException(lineNo, column + " is not a time like 2026-11-23 10:00:00: '" + value
                    + "'");
        }
    }

    /** A field that must not be empty; ids longer than 64 characters are not ids. */
    static String required(int lineNo, String column, String value) {
        if (value.isEmpty()) {
            throw new StatementFormatException(lineNo, column + " is empty");
        }
        if (value.length() > 64) {
            throw new StatementFormatException(lineNo, column + " is longer than 64 characters");
        }
        return value;
    }

    /** An optional id: empty (or WeChat's "0") is none. */
    static String optional(String value) {
        return value.isEmpty() || "0".equals(value) ? null : value.length() > 64 ? value.substring(0, 64) : value;
    }
}
