package io.govclear.simulator.agentbank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.agentbank.AgentBankConfig.Settles;
import io.govclear.simulator.agentbank.AgentBankConfig.Terms;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which settlement is booked on which day and for how much, by each channel's terms and faults. */
class SettlementsTest {

    static final LocalDate D = LocalDate.of(2031, 3, 10);

    record Configured(Optional<Settles> settles, Optional<Integer> delayDays) implements Terms {
    }

    /** Every channel took 10000, refunded 2000 and was charged 60 in fees on D. */
    static final Settlements.Books BOOKS = new Settlements.Books() {
        @Override
        public SettlementTotals totals(SettlingChannel channel, LocalDate businessDate) {
            return businessDate.equals(D) ? new SettlementTotals(10_000, 2_000, 60) : SettlementTotals.NONE;
        }

        @Override
        public Set<LocalDate> activeDates(SettlingChannel channel) {
            return Set.of(D, D.plusDays(1));
        }
    };

    private final Map<String, SettlementFault> faults = new HashMap<>();

    @Test
    void theUsualTermsPayNetOrGrossTheNextOrTheSameDay() {
        Settlements settlements = new Settlements(BOOKS, faults::get, Map.of());

        assertThat(settlements.bookedUpTo(D.plusDays(5))).containsExactly(
                new Settlement(SettlingChannel.ALIPAY, D, D.plusDays(1), 7_940),
                new Settlement(SettlingChannel.WECHAT_PAY, D, D.plusDays(1), 7_940),
                new Settlement(SettlingChannel.UNIONPAY, D, D.plusDays(1), 8_000),
                new Settlement(SettlingChannel.BANK_ICBC, D, D, 8_000),
                new Settlement(SettlingChannel.BANK_ABC, D, D, 8_000));
        assertThat(settlements.bookedUpTo(D)).extracting(Settlement::channel)
                .containsExactly(SettlingChannel.BANK_ICBC, SettlingChannel.BANK_ABC);
        assertThat(settlements.bookedUpTo(D.minusDays(1))).isEmpty();
    }

    @Test
    void configuredTermsAndDelaysReplaceTheUsualOnes() {
        Settlements settlements = new Settlements(BOOKS, faults::get, Map.of(
                "UNIONPAY", new Configured(Optional.of(Settles.NET), Optional.of(2)),
                "ALIPAY", new Configured(Optional.of(Settles.GROSS), Optional.empty())));

        List<Settlement> booked = settlements.bookedUpTo(D.plusDays(5));

        assertThat(booked).contains(new Settlement(SettlingChannel.UNIONPAY, D, D.plusDays(2), 7_940),
                new Settlement(SettlingChannel.ALIPAY, D, D.plusDays(1), 8_000));
    }

    @Test
    void lateShortAndMissingSettlementsArriveAsTheFaultSays() {
        faults.put(Settlements.key(SettlingChannel.ALIPAY, D), new SettlementFault(SettlingChannel.ALIPAY, D,
                SettlementFault.Kind.LATE, null));
        faults.put(Settlements.key(SettlingChannel.UNIONPAY, D), new SettlementFault(SettlingChannel.UNIONPAY, D,
                SettlementFault.Kind.SHORT, 100L));
        faults.put(Settlements.key(SettlingChannel.BANK_ICBC, D), new SettlementFault(SettlingChannel.BANK_ICBC, D,
                SettlementFault.Kind.MISSING, null));
        Settlements settlements = new Settlements(BOOKS, faults::get, Map.of());

        assertThat(settlements.bookedUpTo(D.plusDays(5))).containsExactly(
                new Settlement(SettlingChannel.ALIPAY, D, D.plusDays(2), 7_940),
                new Settlement(SettlingChannel.WECHAT_PAY, D, D.plusDays(1), 7_940),
                new Settlement(SettlingChannel.UNIONPAY, D, D.plusDays(1), 7_900),
                new Settlement(SettlingChannel.BANK_ABC, D, D, 8_000));
        assertThat(settlements.bookedUpTo(D.plusDays(1))).extracting(Settlement::channel)
                .doesNotContain(SettlingChannel.ALIPAY);
    }

    @Test
    void aDayThatOwesNothingIsNotPaid() {
        Settlements.Books refundsOnly = new Settlements.Books() {
            @Override
            public SettlementTotals totals(SettlingChannel channel, LocalDate businessDate) {
                return new SettlementTotals(1_000, 1_000, 6);
            }

            @Override
            public Set<LocalDate> activeDates(SettlingChannel channel) {
                return Set.of(D);
            }
        };

        assertThat(new Settlements(refundsOnly, faults::get, Map.of()).bookedUpTo(D.plusDays(3))).isEmpty();
    }

    @Test
    void anUnknownChannelOrAnImpossibleDelayStopsTheStart() {
        assertThatThrownBy(() -> new Settlements(BOOKS, faults::get,
                Map.of("PAYPAL", new Configured(Optional.empty(), Optional.empty()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAYPAL");
        assertThatThrownBy(() -> new Settlements(BOOKS, faults::get,
                Map.of("ALIPAY", new Configured(Optional.empty(), Optional.of(-1)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("delay-days");
    }
}
