package io.govclear.receipt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A receipt as issued and stored. {@link #canonical()} is the exact byte string that is hashed: every field that a
 * receipt states, length-prefixed in a fixed order, so no two receipts share it. The refund mark is not part of it
 * (it is read from the bill's status), so a refund never alters a hashed receipt.
 */
public record Receipt(long seq, String receiptNo, String checkCode, long orderId, long attemptId, String paymentCode,
        String paymentId, String channel, String unitCode, String unitName, String payerNameMasked, List<Line> lines,
        long principalFen, long lateFeeFen, long totalFen, Instant paidAt, Instant issuedAt, byte[] prevHash,
        byte[] hash) {

    private static final String VERSION = "GovClear-receipt-v1";

    /** One charge line as printed. */
    public record Line(String itemCode, String itemName, String category, long amountFen) {
    }

    public String receiptCode() {
        return receiptNo.substring(0, 8);
    }

    public String number() {
        return receiptNo.substring(8);
    }

    public byte[] canonical() {
        Writer w = new Writer();
        w.field(VERSION).field(seq).field(receiptNo).field(checkCode).field(paymentCode).field(paymentId)
                .field(channel).field(unitCode).field(unitName).field(payerNameMasked).field(lines.size());
        for (Line line : lines) {
            w.field(line.itemCode()).field(line.itemName()).field(line.category()).field(line.amountFen());
        }
        w.field(principalFen).field(lateFeeFen).field(totalFen).field(paidAt.toString()).field(issuedAt.toString());
        return w.bytes();
    }

    /** SM3(previous hash ‖ canonical content): what {@link #hash()} must be. */
    public byte[] computeHash() {
        return Sm3.hash(prevHash, canonical());
    }

    /** The same receipt with its chain link and hash filled in. */
    public Receipt chained(byte[] previous) {
        Receipt linked = new Receipt(seq, receiptNo, checkCode, orderId, attemptId, paymentCode, paymentId, channel,
                unitCode, unitName, payerNameMasked, lines, principalFen, lateFeeFen, totalFen, paidAt, issuedAt,
                previous, null);
        return new Receipt(seq, receiptNo, checkCode, orderId, attemptId, paymentCode, paymentId, channel, unitCode,
                unitName, payerNameMasked, lines, principalFen, lateFeeFen, totalFen, paidAt, issuedAt, previous,
                linked.computeHash());
    }

    /** Length-prefixed UTF-8 fields: "len:value;". */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

        Writer field(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.write(';');
            return this;
        }

        Writer field(long value) {
            return field(Long.toString(value));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
