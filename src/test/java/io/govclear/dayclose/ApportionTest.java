package io.govclear.dayclose;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.settlement.BudgetSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The settlement's split by level apportioned over a line's channels: both sums exact, whatever the amounts. */
class ApportionTest {

    @Test
    void everyChannelsPartsSumToItsNetAndEveryLevelsToItsAmount() {
        Random random = new Random(20261203);
        int[][] shares = { { 0, 3000, 7000, 0, 0 }, { 3000, 7000, 0, 0, 0 }, { 0, 0, 0, 0, 10000 },
            { 1234, 2345, 3456, 2965, 0 } };
        for (int round = 0; round < 5_000; round++) {
            List<DayClose.Line> channels = new ArrayList<>();
            int n = 1 + random.nextInt(4);
            for (int c = 0; c < n; c++) {
                // refunds of earlier days can make a channel's net negative
                long net = random.nextInt(10) == 0 ? -random.nextInt(50_000) : random.nextInt(5_000_000);
                channels.add(new DayClose.Line(1, 2, "U", "I", "CH" + c, "TREASURY", net, 0, 0, 0, net));
            }
            long whole = channels.stream().mapToLong(DayClose.Line::netFen).sum();
            long[] byLevel = BudgetSplit.split(whole, shares[round % shares.length]);
            List<DayClose.Split> splits = DayClose.apportion(channels, byLevel, shares[round % shares.length]);
            for (DayClose.Line c : channels) {
                assertThat(splits.stream().filter(s -> s.channel().equals(c.channel()))
                        .mapToLong(DayClose.Split::amountFen).sum()).isEqualTo(c.netFen());
            }
            for (int l = 0; l < byLevel.length; l++) {
                String level = BudgetSplit.LEVELS.get(l);
                assertThat(splits.stream().filter(s -> s.level().equals(level)).mapToLong(DayClose.Split::amountFen)
                        .sum()).isEqualTo(byLevel[l]);
            }
        }
    }

    @Test
    void aWholeOfZeroIsSplitByTheItemsSharesAndStillSumsToZeroPerLevel() {
        List<DayClose.Line> channels = List.of(new DayClose.Line(1, 2, "U", "I", "ALIPAY", "TREASURY", 333, 0, 0, 0, 333),
                new DayClose.Line(1, 2, "U", "I", "UNIONPAY", "TREASURY", 333, 0, 0, 0, 333),
                new DayClose.Line(1, 2, "U", "I", "WECHAT_PAY", "TREASURY", -666, 0, 0, 0, -666));
        List<DayClose.Split> splits = DayClose.apportion(channels, new long[5], new int[] { 0, 5000, 5000, 0, 0 });
        for (String level : BudgetSplit.LEVELS) {
            assertThat(splits.stream().filter(s -> s.level().equals(level)).mapToLong(DayClose.Split::amountFen).sum())
                    .isZero();
        }
        assertThat(splits).filteredOn(s -> s.channel().equals("ALIPAY")).extracting(DayClose.Split::amountFen)
                .containsExactly(0L, 166L, 167L, 0L, 0L);
    }
}
