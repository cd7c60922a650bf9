package io.govclear.webhook;

import io.govclear.security.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The signature a unit checks on every webhook: header {@code X-GovClear-Signature: t=<unix seconds>,v1=<Base64(
 * HMAC-SHA256(secret, t + "\n" + body))>}, the body being the exact bytes received; during a rotation's overlap one
 * {@code v1} per live key, newest first, and a receiver accepts the webhook when any of them verifies with its
 * secret. A receiver also rejects a {@code t} too far from its clock (replays), and drops an {@code eventId} it has
 * seen (retries, re-sends).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-GovClear-Signature";

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code timestamp}, signed with each of {@code secrets} in turn. */
    public static String header(List<byte[]> secrets, long timestamp, String body) {
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (byte[] secret : secrets) {
            header.append(",v1=").append(Base64.getEncoder().encodeToString(mac(secret, timestamp, body)));
        }
        return header.toString();
    }

    /**
     * Whether a received header is a valid signature of the body, made at most {@code toleranceSeconds} from
     * {@code nowSeconds}. Constant-time comparison.
     */
    public static boolean verify(byte[] secret, String header, String body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        List<byte[]> given = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (key.equals("t")) {
                    timestamp = Long.parseLong(value);
                } else if (key.equals("v1")) {
                    given.add(Base64.getDecoder().decode(value));
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (timestamp == null || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] expected = mac(secret, timestamp, body);
        return given.stream().anyMatch(mac -> MessageDigest.isEqual(expected, mac));
    }

    private static byte[] mac(byte[] secret, long timestamp, String body) {
        return Digests.hmacSha256(secret, (timestamp + "\n" + body).getBytes(StandardCharsets.UTF_8));
    }
}
