package io.govclear.simulator.agentbank;

import java.time.LocalDate;

/**
 * One booked entry of the collection account, as both statement formats write it: credit or debit, the amount (fen,
 * positive), the payer's or payee's reference (null: none given, camt {@code NOTPROVIDED}), the bank's own unique
 * reference, the counterparty, the remittance text and, for a returned payout (退汇), its ISO 20022 reason code.
 */
public record AccountEntry(String bankReference, LocalDate bookingDate, boolean credit, long amountFen,
        String reference, String counterparty, String counterpartyAccount, String remittance, String returnReason) {

    /** The entry's effect on the balance: plus for a credit, minus for a debit. */
    public long signedFen() {
        return credit ? amountFen : -amountFen;
    }
}
