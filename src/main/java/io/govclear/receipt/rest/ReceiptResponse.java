package io.govclear.receipt.rest;

import io.govclear.common.Clocks;
import io.govclear.receipt.Receipt;
import io.govclear.receipt.ReceiptService;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

/**
 * A verified receipt: what it states, {@code status} (VALID, PARTIALLY_REFUNDED, REFUNDED, REVERSED: the bill's
 * state now, never part of the hash) and {@code intact} (its SM3 hash, chain link and check code recomputed).
 */
public record ReceiptResponse(String receiptNo, String receiptCode, String number, String checkCode,
        OffsetDateTime issuedAt, LocalDate issueDate, String paymentCode, UnitRef unit, String payer,
        List<Receipt.Line> items, long principalFen, long lateFeeFen, long totalFen, String channel,
        String paymentId, OffsetDateTime paidAt, String status, boolean intact, String hash, String pdfUrl) {

    /** The collecting unit as printed. */
    public record UnitRef(String code, String name) {
    }

    static ReceiptResponse of(ReceiptService.Verified v, String pdfUrl) {
        Receipt r = v.receipt();
        OffsetDateTime issued = r.issuedAt().atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime();
        return new ReceiptResponse(r.receiptNo(), r.receiptCode(), r.number(), r.checkCode(), issued,
                issued.toLocalDate(), r.paymentCode(), new UnitRef(r.unitCode(), r.unitName()), r.payerNameMasked(),
                r.lines(), r.principalFen(), r.lateFeeFen(), r.totalFen(), r.channel(), r.paymentId(),
                r.paidAt().atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime(), v.mark(), v.intact(),
                HexFormat.of().formatHex(r.hash()), pdfUrl);
    }
}
