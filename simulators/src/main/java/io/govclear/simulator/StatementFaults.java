package io.govclear.simulator;

import io.govclear.simulator.StatementFault.Kind;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The statement faults a simulator has been told to apply; each simulator keeps its own, durably. */
public final class StatementFaults {

    private final DurableMap<StatementFault> stored;
    /** Keys in the order the faults were added (the last ALTER_AMOUNT of a payment wins). */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

    public StatementFaults(DurableMap<StatementFault> stored) {
        this.stored = stored;
    }

    /** Checks and records a fault (ADD_CHANNEL_ONLY is acted on by the simulator itself and not recorded). */
    public static StatementFault checked(StatementFault fault) {
        if (fault == null || fault.businessDate() == null || fault.kind() == null) {
            throw SimProblem.badRequest("FAULT_INVALID", "Send {businessDate, kind, paymentId?, amountFen?}");
        }
        if (fault.kind() != Kind.ADD_CHANNEL_ONLY && (fault.paymentId() == null || fault.paymentId().isBlank())) {
            throw SimProblem.invalid("paymentId", "is required for " + fault.kind());
        }
        if (fault.amountFen() != null && fault.amountFen() <= 0) {
            throw SimProblem.invalid("amountFen", "must be positive");
        }
        return fault;
    }

    public void add(StatementFault fault) {
        stored.put(String.format("%020d", sequence.incrementAndGet()), fault);
    }

    /** Whether the payment is left out of the date's file (omitted, or moved to the next day's). */
    public boolean leftOut(LocalDate date, String paymentId) {
        return stored.values().stream().anyMatch(f -> f.businessDate().equals(date) && f.paymentId().equals(paymentId)
                && (f.kind() == Kind.OMIT_TRADE || f.kind() == Kind.CROSS_MIDNIGHT));
    }

    /** Whether the payment, paid the day before, is listed in this date's file instead. */
    public boolean movedInto(LocalDate date, String paymentId) {
        return stored.values().stream().anyMatch(f -> f.kind() == Kind.CROSS_MIDNIGHT
                && f.businessDate().plusDays(1).equals(date) && f.paymentId().equals(paymentId));
    }

    /** The payments whose line in the date's file is to be corrupted. */
    public List<String> corrupted(LocalDate date) {
        return stored.values().stream().filter(f -> f.kind() == Kind.CORRUPT_LINE && f.businessDate().equals(date))
                .map(StatementFault::paymentId).toList();
    }

    /** The amount the date's file shows for the payment instead of the real one. */
    public Optional<Long> alteredAmount(LocalDate date, String paymentId, long realFen) {
        return stored.sorted().stream()
                .filter(f -> f.kind() == Kind.ALTER_AMOUNT && f.businessDate().equals(date)
                        && f.paymentId().equals(paymentId))
                .map(f -> f.amountFen() != null ? f.amountFen() : realFen + 100)
                .reduce((first, last) -> last);
    }
}
