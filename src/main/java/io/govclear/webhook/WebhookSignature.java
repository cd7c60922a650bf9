package io.govclear.webhook;

import io.govclear.security.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The signature a unit checks on every webhook: header {@code X-GovClear-Signature: t=<unix seconds>,v1=<Base64(
 * HMAC-SHA256(unit API secret, t + "\n" + body))>}, the body being the exact bytes received. A receiver also rejects
 * a {@code t} too far from its clock (replays), and drops an {@code eventId} it has seen (retries, re-sends).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-GovClear-Signature";

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code timestamp}. */
    public static String header(byte[] secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + Base64.getEncoder().encodeToString(mac(secret, timestamp, body));
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
        byte[] given = null;
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
                    given = Base64.getDecoder().decode(value);
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return timestamp != null && given != null && Math.abs(nowSeconds - timestamp) <= toleranceSeconds
                && MessageDigest.isEqual(mac(secret, timestamp, body), given);
    }

    private static byte[] mac(byte[] secret, long timestamp, String body) {
        return Digests.hmacSha256(secret, (timestamp + "\n" + body).getBytes(StandardCharsets.UTF_8));
    }
}
