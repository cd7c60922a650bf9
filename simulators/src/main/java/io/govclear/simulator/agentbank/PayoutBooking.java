package io.govclear.simulator.agentbank;

import java.time.LocalDate;
import java.util.List;

/**
 * What the bank booked for one payout issue (businessDate + issueNo): the vouchers' debits and their returns, kept in
 * one record so that they are stored together or not at all, with the fingerprint of what it was told, so telling it
 * again books nothing and telling it otherwise is refused. toldOn is the day the outcome was first told.
 */
public record PayoutBooking(LocalDate businessDate, int issueNo, String fingerprint, LocalDate toldOn,
        List<AccountEntry> entries) {
}
