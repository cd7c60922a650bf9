package io.govclear.console.rest;

import io.govclear.common.Clocks;
import io.govclear.common.ProblemException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.stream.Collectors;

/** Reading a console page's filter form: blank is unset, dates are business days, bad values are problems. */
final class ConsoleQuery {

    private ConsoleQuery() {
    }

    /** The value, or null when the field was left blank. */
    static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The start of a business day, or of the day after ({@code plusDays} 1) for an inclusive end. */
    static Instant day(String field, String date, int plusDays) {
        if (text(date) == null) {
            return null;
        }
        try {
            return LocalDate.parse(date).plusDays(plusDays).atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date yyyy-MM-dd");
        }
    }

    /** The filters as a query string, for the links to other pages of the same search. */
    static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
