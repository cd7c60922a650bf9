package io.govclear.simulator.agentbank;

import java.time.LocalDate;

/** A channel's settlement of a business date as the bank books it: on which day, and how much (faults applied). */
record Settlement(SettlingChannel channel, LocalDate businessDate, LocalDate bookingDate, long amountFen) {
}
