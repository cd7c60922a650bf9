package io.govclear.simulator.agentbank;

import java.time.LocalDate;

/**
 * How a channel's settlement of one business date fails to arrive as due, so fund matching meets each case for real:
 * LATE: one day after it is due; SHORT: {@code shortFen} less; MISSING: never. One per channel and date; a later one
 * replaces it.
 */
public record SettlementFault(SettlingChannel channel, LocalDate businessDate, Kind kind, Long shortFen) {

    public enum Kind {
        LATE, SHORT, MISSING
    }
}
