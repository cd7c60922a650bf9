package io.govclear.simulator.agentbank;

import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.agentbank.AgentBankConfig.Settles;
import io.govclear.simulator.agentbank.AgentBankConfig.Terms;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The channels' settlements the bank credits: for each business date a channel has anything on, the total its own
 * statement file reports (net or gross by its terms), booked its delay after that date, faults applied. Nothing is
 * kept: a settlement is what the channel's books say now, so a statement fault on a channel's file moves the credit
 * with it.
 */
final class Settlements {

    /** The channels' books: what a channel's file of a date adds up to, and the dates it has anything on. */
    interface Books {

        SettlementTotals totals(SettlingChannel channel, LocalDate businessDate);

        Set<LocalDate> activeDates(SettlingChannel channel);
    }

    private final Books books;
    private final Function<String, SettlementFault> faults;
    private final Map<SettlingChannel, Settles> settles = new EnumMap<>(SettlingChannel.class);
    private final Map<SettlingChannel, Integer> delays = new EnumMap<>(SettlingChannel.class);

    /** {@code faults} finds the fault of a settlement by its {@link #key}. */
    Settlements(Books books, Function<String, SettlementFault> faults, Map<String, Terms> terms) {
        this.books = books;
        this.faults = faults;
        for (String name : terms.keySet()) {
            if (SettlingChannel.byName(name).isEmpty()) {
                throw new IllegalStateException("govclear.simulator.agent-bank.channels." + name
                        + ": no such channel (ALIPAY, WECHAT_PAY, UNIONPAY, BANK_ICBC, BANK_ABC)");
            }
        }
        for (SettlingChannel channel : SettlingChannel.values()) {
            Optional<Terms> configured = Optional.ofNullable(terms.get(channel.name()));
            settles.put(channel, configured.flatMap(Terms::settles).orElse(channel.defaultSettles()));
            int delay = configured.flatMap(Terms::delayDays).orElse(channel.defaultDelayDays());
            if (delay < 0 || delay > 30) {
                throw new IllegalStateException("govclear.simulator.agent-bank.channels." + channel
                        + ".delay-days must be 0 to 30, not " + delay);
            }
            delays.put(channel, delay);
        }
    }

    /** Every settlement booked on or before {@code date}, by channel (statement order), then business date. */
    List<Settlement> bookedUpTo(LocalDate date) {
        List<Settlement> booked = new ArrayList<>();
        for (SettlingChannel channel : SettlingChannel.values()) {
            for (LocalDate businessDate : new TreeSet<>(books.activeDates(channel))) {
                SettlementFault fault = faults.apply(key(channel, businessDate));
                LocalDate due = businessDate.plusDays(delays.get(channel));
                if (fault != null && fault.kind() == SettlementFault.Kind.MISSING) {
                    continue;
                }
                LocalDate bookedOn = fault != null && fault.kind() == SettlementFault.Kind.LATE ? due.plusDays(1) : due;
                if (bookedOn.isAfter(date)) {
                    continue;
                }
                long amount = amount(channel, businessDate)
                        - (fault != null && fault.kind() == SettlementFault.Kind.SHORT ? fault.shortFen() : 0);
                if (amount > 0) {
                    booked.add(new Settlement(channel, businessDate, bookedOn, amount));
                }
            }
        }
        return booked;
    }

    /** The settlement's amount by the channel's terms, before any fault; not positive: nothing is paid. */
    long amount(SettlingChannel channel, LocalDate businessDate) {
        SettlementTotals totals = books.totals(channel, businessDate);
        return settles.get(channel) == Settles.NET ? totals.netFen() : totals.grossFen();
    }

    /** Days from the business date to the day the settlement is booked, as the bank reference records it. */
    static long lagDays(Settlement settlement) {
        return settlement.bookingDate().toEpochDay() - settlement.businessDate().toEpochDay();
    }

    static String key(SettlingChannel channel, LocalDate businessDate) {
        return channel.name() + "|" + businessDate;
    }
}
