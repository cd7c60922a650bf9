package io.govclear.simulator;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Amounts as the channels write them in yuan ("20.00"), from and to fen, exactly. */
public final class Yuan {

    private static final Pattern AMOUNT = Pattern.compile("\\d{1,16}(\\.\\d{1,2})?");

    private Yuan() {
    }

    public static String format(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    /** At most two decimals, no sign or exponent; anything else is IllegalArgumentException. */
    public static long parse(String yuan) {
        if (yuan == null || !AMOUNT.matcher(yuan).matches()) {
            throw new IllegalArgumentException("not a yuan amount: " + yuan);
        }
        return new BigDecimal(yuan).movePointRight(2).longValueExact();
    }
}
