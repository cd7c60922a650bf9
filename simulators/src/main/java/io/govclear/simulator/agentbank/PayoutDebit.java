package io.govclear.simulator.agentbank;

/**
 * One payout voucher to debit: its number (the entry's reference), its sum, the payee, and the ISO 20022 reason if
 * the payee's bank sends it back (null: it stays paid).
 */
public record PayoutDebit(String voucherNo, long amountFen, String payee, String payeeAccount, String returnReason) {
}
