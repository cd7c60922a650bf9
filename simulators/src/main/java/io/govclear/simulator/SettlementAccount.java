package io.govclear.simulator;

import java.time.LocalDate;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A payment platform's merchant account, as its fund-flow reports show it: each business day's net (payments −
 * refunds − fees) comes in, and the next day the platform withdraws the previous day's net, when positive, to the
 * collection account at the agent bank (T+1, the platforms' usual terms and the agent bank's default for them). A
 * day that nets nothing or less is not withdrawn; its net stays on the account.
 */
public final class SettlementAccount {

    private SettlementAccount() {
    }

    /** What is withdrawn on {@code date}: the net of the day before, if above zero. */
    public static long withdrawnOn(LocalDate date, ToLongFunction<LocalDate> netOf) {
        return Math.max(netOf.applyAsLong(date.minusDays(1)), 0);
    }

    /** The balance as {@code date} begins: every earlier day's net, less every withdrawal made before it. */
    public static long openingOn(LocalDate date, Set<LocalDate> activeDates, ToLongFunction<LocalDate> netOf) {
        long balance = 0;
        for (LocalDate day : activeDates) {
            if (day.isBefore(date)) {
                long net = netOf.applyAsLong(day);
                balance += net;
                // withdrawn the next day, if that day is before this one
                if (day.plusDays(1).isBefore(date)) {
                    balance -= Math.max(net, 0);
                }
            }
        }
        return balance;
    }
}
