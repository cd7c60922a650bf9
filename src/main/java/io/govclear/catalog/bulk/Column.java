package io.govclear.catalog.bulk;

import io.govclear.channel.Channel;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A column of a units or items file: its header name (a draft's field name), what it holds, and whether the header
 * must have it. {@link #read(Cell)} turns a cell into the field's value or says why it cannot.
 */
record Column(String name, Type type, boolean required, Class<? extends Enum<?>> enumType) {

    /** What a column holds. INTEGER and BOOLEAN are the drafts' primitive fields: an empty cell there is an error. */
    enum Type {
        TEXT, INTEGER, LONG, BOOLEAN, DATE, CHANNELS, ENUM
    }

    static final int MAX_CELL_CHARS = 500;
    /** Digits a spreadsheet keeps of a number: a longer integer (an account number typed as a number) was rounded. */
    private static final int SPREADSHEET_DIGITS = 15;
    private static final BigDecimal ROUNDED = BigDecimal.TEN.pow(SPREADSHEET_DIGITS);
    private static final int MAX_SCALE = 400;
    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");
    private static final Pattern CHANNEL_SEPARATOR = Pattern.compile("[,|]");
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final String CHANNELS = Channel.OFFERED.stream().map(Enum::name)
            .collect(Collectors.joining(", "));

    static Column of(String name, Type type, boolean required) {
        return new Column(name, type, required, null);
    }

    static Column ofEnum(String name, Class<? extends Enum<?>> enumType) {
        return new Column(name, Type.ENUM, true, enumType);
    }

    /** Why a cell cannot be read into its column; the message goes to the user as is. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The cell's value: String, Integer, Long, Boolean, LocalDate, Set of Channel or the enum; null if empty. */
    Object read(Cell cell) throws Invalid {
        if (cell == null || cell.blank()) {
            return null;
        }
        return switch (cell.kind()) {
            case PROBLEM -> throw new Invalid(cell.text());
            case TEXT -> fromText(checked(cell.text()));
            case NUMBER -> fromNumber(cell);
        };
    }

    /** A text of at most 500 characters without control characters (NUL, line breaks, tabs and the like). */
    static String checked(String text) throws Invalid {
        if (text.length() > MAX_CELL_CHARS) {
            throw new Invalid("is longer than " + MAX_CELL_CHARS + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new Invalid("must not contain control characters (found U+%04X)".formatted((int) text.charAt(i)));
            }
        }
        return text;
    }

    /** A text cell's value; around anything but free text, spaces are not part of the value. */
    private Object fromText(String cellText) throws Invalid {
        String text = type == Type.TEXT ? cellText : cellText.strip();
        return switch (type) {
            case TEXT -> text;
            case INTEGER -> Math.toIntExact(whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case LONG -> whole(text, Long.MIN_VALUE, Long.MAX_VALUE);
            case BOOLEAN -> bool(text);
            case DATE -> date(text);
            case CHANNELS -> channels(text);
            case ENUM -> constant(text);
        };
    }

    private Object fromNumber(Cell cell) throws Invalid {
        BigDecimal number;
        try {
            number = new BigDecimal(cell.text());
        } catch (NumberFormatException e) {
            number = null;
        }
        // a workbook's numbers are doubles: 1E+308 at most; a hostile 1E+999999999 is never expanded
        if (number == null || Math.abs(number.scale()) > MAX_SCALE) {
            throw new Invalid("is not a number a workbook can hold");
        }
        boolean whole = number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
        return switch (type) {
            case INTEGER, LONG -> {
                if (!whole) {
                    throw new Invalid("must be a whole number, not " + plain(number));
                }
                yield fromText(number.toBigInteger().toString());
            }
            case DATE -> excelDate(cell, number);
            case TEXT -> {
                if (whole && number.abs().compareTo(ROUNDED) >= 0) {
                    throw new Invalid("is a number of more than " + SPREADSHEET_DIGITS
                            + " digits, which the spreadsheet has rounded; enter it as text");
                }
                yield plain(number);
            }
            default -> fromText(plain(number));
        };
    }

    /**
     * A value as a text cell shows it: channels as {@code ALIPAY|UNIONPAY} (in the enum's order), enums by name, dates
     * as yyyy-MM-dd, null as the empty text.
     */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Set<?> channels) {
            return channels.stream().map(Channel.class::cast).sorted().map(Enum::name).collect(Collectors.joining("|"));
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value.toString();
    }

    /** A number as a person writes it: 45000 (not 45000.0 or 4.5E4), 15.5. */
    private static String plain(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    private static long whole(String text, long min, long max) throws Invalid {
        if (!WHOLE.matcher(text).matches()) {
            throw new Invalid("must be a whole number, not " + text);
        }
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new Invalid("is too large: " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new Invalid("is too large: " + text);
        }
    }

    private static Boolean bool(String text) throws Invalid {
        if ("true".equalsIgnoreCase(text)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(text)) {
            return Boolean.FALSE;
        }
        throw new Invalid("must be true or false, not " + text);
    }

    private static LocalDate date(String text) throws Invalid {
        try {
            return LocalDate.parse(text, ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new Invalid("must be a date as yyyy-MM-dd, not " + text);
        }
    }

    private static LocalDate excelDate(Cell cell, BigDecimal number) throws Invalid {
        LocalDateTime date = cell.date();
        if (date == null) {
            throw new Invalid("must be a date (a date cell or a text yyyy-MM-dd), not the number "
                    + plain(number));
        }
        if (!date.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            throw new Invalid("must be a date without a time of day, not " + date);
        }
        return date.toLocalDate();
    }

    private static Set<Channel> channels(String text) throws Invalid {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        List<String> unknown = new ArrayList<>();
        for (String part : CHANNEL_SEPARATOR.split(text)) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            Channel channel = Channel.OFFERED.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
            if (channel == null) {
                unknown.add(name);
            } else {
                channels.add(channel);
            }
        }
        if (!unknown.isEmpty()) {
            throw new Invalid("unknown channel " + String.join(", ", unknown) + "; the channels are " + CHANNELS
                    + " (separated by , or |)");
        }
        return Collections.unmodifiableSet(channels);
    }

    private Enum<?> constant(String text) throws Invalid {
        for (Enum<?> constant : enumType.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        throw new Invalid("must be one of " + Arrays.stream(enumType.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", ")) + ", not " + text);
    }
}
