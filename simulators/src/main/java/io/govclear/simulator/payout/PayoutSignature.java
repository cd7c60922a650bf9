package io.govclear.simulator.payout;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the payout bank signs what it sends the engine (payout confirmations and relayed treasury receipts alike):
 * {@code X-Payout-Signature} = Base64 HMAC-SHA256 of the exact body bytes under the shared secret.
 */
final class PayoutSignature {

    static final String HEADER = "X-Payout-Signature";

    private PayoutSignature() {
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
