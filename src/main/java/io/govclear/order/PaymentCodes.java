package io.govclear.order;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Payment codes (缴款码): region (6) + year (2) + an 11-digit number + a Luhn check digit over the first 19.
 * The 11-digit number is a database sequence value passed through a keyed permutation of [0, 10^11), so codes are
 * unique (a permutation is one-to-one) but consecutive bills do not get neighbouring codes.
 */
public final class PaymentCodes {

    public static final int LENGTH = 20;
    static final long NUMBER_SPACE = 100_000_000_000L;
    private static final int HALF_BITS = 19;
    private static final long HALF_MASK = (1L << HALF_BITS) - 1;
    private static final int ROUNDS = 6;

    private final long[] roundKeys = new long[ROUNDS];

    public PaymentCodes(byte[] key) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-512").digest(
                    concat("govclear-payment-code".getBytes(StandardCharsets.US_ASCII), key)));
            for (int i = 0; i < ROUNDS; i++) {
                roundKeys[i] = digest.getLong();
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code for a sequence number issued in a region and (two-digit) year. */
    public String format(String regionCode, int year, long sequence) {
        if (sequence < 0 || sequence >= NUMBER_SPACE) {
            throw new IllegalArgumentException("payment-code sequence exhausted: " + sequence);
        }
        StringBuilder code = new StringBuilder(LENGTH).append(regionCode);
        zeroPadded(code, year % 100, 2);
        zeroPadded(code, permute(sequence), 11);
        return code.append(luhnDigit(code)).toString();
    }

    private static void zeroPadded(StringBuilder sb, long value, int width) {
        String digits = Long.toString(value);
        sb.append("0".repeat(width - digits.length())).append(digits);
    }

    /** A keyed bijection on [0, 10^11): a Feistel network on 38 bits, cycle-walked back into the range. */
    long permute(long n) {
        long x = n;
        do {
            x = feistel(x);
        } while (x >= NUMBER_SPACE);
        return x;
    }

    private long feistel(long x) {
        long left = x >>> HALF_BITS;
        long right = x & HALF_MASK;
        for (int r = 0; r < ROUNDS; r++) {
            long next = left ^ (mix(right ^ roundKeys[r]) & HALF_MASK);
            left = right;
            right = next;
        }
        return (left << HALF_BITS) | right;
    }

    /** SplitMix64's finaliser: a fast, well-spread round function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** True for 20 digits whose last is the Luhn check digit of the first 19; never touches the database. */
    public static boolean isValid(String code) {
        if (code == null || code.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return luhnDigit(code.substring(0, LENGTH - 1)) == code.charAt(LENGTH - 1) - '0';
    }

    /** The Luhn (mod 10) digit that makes payload + digit valid. */
    public static int luhnDigit(CharSequence payload) {
        int sum = 0;
        boolean doubled = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
