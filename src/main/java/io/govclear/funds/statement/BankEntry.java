package io.govclear.funds.statement;

import java.time.LocalDate;

/**
 * One booked entry: its 1-based position in the file, direction and amount (fen, positive), the payer's end-to-end
 * reference and the bank's own, the counterparty, the remittance text, and the return reason code of a returned
 * payout (退汇). Absent texts are null, never empty.
 */
public record BankEntry(int position, LocalDate bookingDate, LocalDate valueDate, Direction direction, long amountFen,
        String reference, String bankReference, String counterpartyName, String counterpartyAccount,
        String remittance, String returnReason) {
}
