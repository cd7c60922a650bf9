package io.govclear.common;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Request parameters shared by the resources: bad values are 400 problems that name the parameter. */
public final class QueryParams {

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,9})");

    private QueryParams() {
    }

    /**
     * A whole number within [min, max], written plainly (no sign but a minus, no leading zero: Integer.parseInt would
     * take "+5" or "05" for 5); {@code fallback} when absent.
     */
    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (INTEGER.matcher(value).matches()) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // out of int's range: reported below
            }
        }
        throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
    }

    /** One of the enum's names exactly (no trimming, no case folding); null when absent. */
    public static <E extends Enum<E>> E oneOf(String name, String value, Class<E> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw ProblemException.invalid(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** An optional date parameter (yyyy-MM-dd, like 2026-12-08); null when absent. */
    public static LocalDate date(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be a date like 2026-12-08");
        }
    }

    /** The business date a reconciliation or settlement request names (required), like 2026-11-23. */
    public static LocalDate businessDate(String value) {
        if (value == null) {
            throw ProblemException.invalid("businessDate", "is required");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("businessDate", "must be a date like 2026-11-23");
        }
    }
}
