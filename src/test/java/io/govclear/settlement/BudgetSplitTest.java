package io.govclear.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The budget-level split in integer fen: the parts always sum to the whole, the remainder rule as documented. */
class BudgetSplitTest {

    private static final int[] THIRTY_SEVENTY = { 0, 3_000, 7_000, 0, 0 };
    private static final int[] THIRDS = { 3_333, 3_333, 3_334, 0, 0 };

    @Test
    void oneFenGoesToTheLargestRemainder() {
        assertThat(BudgetSplit.split(1, THIRTY_SEVENTY)).containsExactly(0, 0, 1, 0, 0);
    }

    @Test
    void oneFenOnEqualSharesGoesToTheHigherLevel() {
        assertThat(BudgetSplit.split(1, new int[] { 0, 5_000, 5_000, 0, 0 })).containsExactly(0, 1, 0, 0, 0);
        assertThat(BudgetSplit.split(1, new int[] { 2_500, 2_500, 2_500, 2_500, 0 })).containsExactly(1, 0, 0, 0, 0);
    }

    @Test
    void oddSharesOfAnOddAmount() {
        // 10001 × 30 % = 3000.3, × 70 % = 7000.7: the city's .7 beats the province's .3
        assertThat(BudgetSplit.split(10_001, THIRTY_SEVENTY)).containsExactly(0, 3_000, 7_001, 0, 0);
        // 100 × 33.33 % = 33.33 twice, × 33.34 % = 33.34: one fen left, to the county-side .34
        assertThat(BudgetSplit.split(100, THIRDS)).containsExactly(33, 33, 34, 0, 0);
        // 2 fen over 1 bp, 1 bp, 9998 bp: 0.0002, 0.0002, 1.9996 → the last takes both
        assertThat(BudgetSplit.split(2, new int[] { 1, 1, 9_998, 0, 0 })).containsExactly(0, 0, 2, 0, 0);
        // 7 fen over five 20 % shares: 1.4 each, two fen left, to the two highest levels
        assertThat(BudgetSplit.split(7, new int[] { 2_000, 2_000, 2_000, 2_000, 2_000 }))
                .containsExactly(2, 2, 1, 1, 1);
    }

    @Test
    void negativeAmountsMirrorPositiveOnes() {
        assertThat(BudgetSplit.split(-10_001, THIRTY_SEVENTY)).containsExactly(0, -3_000, -7_001, 0, 0);
        assertThat(BudgetSplit.split(0, THIRDS)).containsExactly(0, 0, 0, 0, 0);
    }

    @Test
    void partsAlwaysSumToTheWhole() {
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            int[] shares = new int[5];
            int left = 10_000;
            for (int i = 0; i < 4; i++) {
                shares[i] = random.nextInt(left + 1);
                left -= shares[i];
            }
            shares[4] = left;
            long amount = random.nextInt(3) == 0 ? random.nextInt(10) : random.nextLong(-1_000_000_000L, 1_000_000_000L);
            long[] parts = BudgetSplit.split(amount, shares);
            assertThat(Arrays.stream(parts).sum()).as("split of %d by %s", amount, Arrays.toString(shares))
                    .isEqualTo(amount);
            for (int i = 0; i < 5; i++) {
                long exactTimes10000 = amount * shares[i];
                // each part is within one fen of its exact share, and a level with no share gets nothing
                assertThat(Math.abs(parts[i] * 10_000 - exactTimes10000)).isLessThan(10_000);
                if (shares[i] == 0) {
                    assertThat(parts[i]).isZero();
                }
            }
        }
    }

    @Test
    void sharesMustMakeOneHundredPercent() {
        assertThatThrownBy(() -> BudgetSplit.split(100, new int[] { 5_000, 4_999, 0, 0, 0 }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
