package io.govclear.common;

import java.util.regex.Pattern;

/**
 * Yuan strings ("20.00") ↔ fen, exactly, for channels that speak yuan. A malformed amount is rejected, never
 * rounded: at most two decimals, no sign, no exponent, no thousands separators.
 */
public final class Yuan {

    private static final Pattern FORMAT = Pattern.compile("(0|[1-9]\\d{0,15})(\\.\\d{1,2})?");

    private Yuan() {
    }

    /** 2000 → "20.00". */
    public static String format(long fen) {
        if (fen < 0) {
            return "-" + format(-fen);
        }
        long fraction = fen % 100;
        return (fen / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }

    /** "20.00", "20.5", "20" → fen; anything else → IllegalArgumentException. */
    public static long parse(String yuan) {
        if (yuan == null || !FORMAT.matcher(yuan).matches()) {
            throw new IllegalArgumentException("not a yuan amount: " + yuan);
        }
        int dot = yuan.indexOf('.');
        if (dot < 0) {
            return Math.multiplyExact(Long.parseLong(yuan), 100);
        }
        String fraction = yuan.substring(dot + 1);
        long cents = Long.parseLong(fraction.length() == 1 ? fraction + "0" : fraction);
        return Math.addExact(Math.multiplyExact(Long.parseLong(yuan.substring(0, dot)), 100), cents);
    }
}
