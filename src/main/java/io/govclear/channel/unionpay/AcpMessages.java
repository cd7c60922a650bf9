package io.govclear.channel.unionpay;

import io.govclear.common.Clocks;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ACP 5.1.0 message text: synchronous answers are {@code k=v&k=v} with raw values (not URL-encoded; a value in
 * {@code {…}} or {@code […]} may hold {@code &}), read as the official SDK's parseQString does; and the times and
 * codes both sides use.
 */
public final class AcpMessages {

    public static final String VERSION = "5.1.0";
    public static final DateTimeFormatter TXN_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    public static final DateTimeFormatter TRACE_TIME = DateTimeFormatter.ofPattern("MMddHHmmss");
    public static final DateTimeFormatter SETTLE_DATE = DateTimeFormatter.ofPattern("MMdd");
    /** orderId: 8–40 letters and digits, no '-' or '_'. */
    public static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9]{8,40}");
    /** txnAmt: 1–12 digits of fen. */
    public static final Pattern AMOUNT = Pattern.compile("[0-9]{1,12}");

    private AcpMessages() {
    }

    /** Reads an answer body; a key without '=' or an empty key is IllegalArgumentException. */
    public static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = body.strip();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '&';
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && depth > 0) {
                depth--;
            } else if (c == '&' && depth == 0) {
                String pair = text.substring(start, i);
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("not k=v: " + pair);
                }
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                start = i + 1;
            }
        }
        return fields;
    }

    /** Writes an answer body the way UnionPay does: raw values. */
    public static String write(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((key, value) -> body.append(body.isEmpty() ? "" : "&").append(key).append('=').append(value));
        return body.toString();
    }

    /** yyyyMMddHHmmss in Beijing time. */
    public static String txnTime(Instant instant) {
        return TXN_TIME.format(LocalDateTime.ofInstant(instant, Clocks.BUSINESS_ZONE));
    }

    /**
     * When the payment was made, from traceTime (MMddHHmmss, no year) and the txnTime it followed; null when either is
     * missing or malformed. A traceTime in an earlier month than the txnTime is in the next year.
     */
    public static Instant traceInstant(String txnTime, String traceTime) {
        if (txnTime == null || traceTime == null || traceTime.length() != 10) {
            return null;
        }
        try {
            LocalDateTime sent = LocalDateTime.parse(txnTime, TXN_TIME);
            int year = Integer.parseInt(traceTime.substring(0, 2)) < sent.getMonthValue() ? sent.getYear() + 1
                    : sent.getYear();
            return LocalDateTime.parse(year + traceTime, TXN_TIME).atZone(Clocks.BUSINESS_ZONE).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
