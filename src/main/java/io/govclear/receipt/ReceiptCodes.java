package io.govclear.receipt;

import io.govclear.catalog.ItemCategory;
import io.govclear.common.Clocks;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

/**
 * The numbers printed on a receipt. Receipt code (8 digits): region (first two digits of the unit's region code),
 * category (of the bill's first item), kind ({@value #KIND}: electronic non-tax payment receipt) and year (of issue,
 * two digits); then a 10-digit number, which is the receipt's position in the one chain, so numbers are global and
 * unique across codes. The 6-character check code is HMAC-SM3 over number, payment code, total and issue date with a
 * configured key, in an alphabet without 0/1/I/O, so it cannot be made up without the key.
 */
@Singleton
public class ReceiptCodes {

    public static final String KIND = "01";
    private static final char[] ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    private static final Map<ItemCategory, String> CATEGORY = Map.of(
            ItemCategory.FINE, "01",
            ItemCategory.TUITION, "02",
            ItemCategory.EXAM_FEE, "03",
            ItemCategory.SOCIAL_SECURITY, "04",
            ItemCategory.ADMIN_FEE, "05");

    private final byte[] key;

    public ReceiptCodes(ReceiptConfig config) {
        this.key = Base64.getDecoder().decode(config.checkCodeKey());
        if (key.length < 16) {
            throw new IllegalStateException("govclear.receipts.check-code-key must be at least 16 bytes");
        }
    }

    /** The 8-digit receipt code. */
    public static String receiptCode(String regionCode, ItemCategory category, Instant issuedAt) {
        int year = LocalDate.ofInstant(issuedAt, Clocks.BUSINESS_ZONE).getYear() % 100;
        return regionCode.substring(0, 2) + CATEGORY.get(category) + KIND + String.format("%02d", year);
    }

    /** Receipt code and the 10-digit number. */
    public static String receiptNo(String receiptCode, long seq) {
        return receiptCode + String.format("%010d", seq);
    }

    public String checkCode(String receiptNo, String paymentCode, long totalFen, Instant issuedAt) {
        LocalDate issueDate = LocalDate.ofInstant(issuedAt, Clocks.BUSINESS_ZONE);
        byte[] mac = Sm3.hmac(key, (receiptNo + '|' + paymentCode + '|' + totalFen + '|' + issueDate)
                .getBytes(StandardCharsets.UTF_8));
        long bits = ((mac[0] & 0xFFL) << 24) | ((mac[1] & 0xFFL) << 16) | ((mac[2] & 0xFFL) << 8) | (mac[3] & 0xFFL);
        char[] code = new char[6];
        for (int i = 0; i < code.length; i++) {
            code[i] = ALPHABET[(int) (bits >>> (27 - 5 * i)) & 31];
        }
        return new String(code);
    }

    /** Constant-time comparison of a check code a caller gave (any case) with the right one. */
    public static boolean matches(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.toUpperCase().getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
