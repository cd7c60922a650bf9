package io.govclear.settlement;

import java.util.List;

/**
 * Splits an amount in integer fen by shares in basis points so that the parts always sum to the whole: each part is
 * the floor of its exact share, and the fen left over go one each to the largest remainders, ties to the higher
 * level (the earlier one in {@link #LEVELS}). A negative amount is split as its absolute value and negated.
 */
public final class BudgetSplit {

    /** The levels in order of precedence: the budget levels from the top, then the unit's retained share. */
    public static final List<String> LEVELS = List.of("CENTRAL", "PROVINCE", "CITY", "COUNTY", "UNIT");

    private BudgetSplit() {
    }

    /** {@code sharesBp} in the order of {@link #LEVELS}, summing to 10 000. */
    public static long[] split(long amountFen, int[] sharesBp) {
        int total = 0;
        for (int bp : sharesBp) {
            if (bp < 0) {
                throw new IllegalArgumentException("negative share " + bp);
            }
            total += bp;
        }
        if (total != 10_000) {
            throw new IllegalArgumentException("shares sum to " + total + " bp, not 10000");
        }
        if (amountFen < 0) {
            long[] parts = split(-amountFen, sharesBp);
            for (int i = 0; i < parts.length; i++) {
                parts[i] = -parts[i];
            }
            return parts;
        }
        long[] parts = new long[sharesBp.length];
        long[] remainders = new long[sharesBp.length];
        long left = amountFen;
        for (int i = 0; i < sharesBp.length; i++) {
            long exact = Math.multiplyExact(amountFen, sharesBp[i]);
            parts[i] = exact / 10_000;
            remainders[i] = exact % 10_000;
            left -= parts[i];
        }
        for (; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < remainders.length; i++) {
                if (remainders[i] > 0 && (best < 0 || remainders[i] > remainders[best])) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = 0;
        }
        return parts;
    }
}
