package io.govclear.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;

/** The payout bank's signature, for tests that send what the bank sends (confirmations, treasury receipts). */
public final class PayoutBank {

    private PayoutBank() {
    }

    /** Base64 HMAC-SHA256 of the body under the dev/test payout bank secret, as the bank signs. */
    public static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ConfigProvider.getConfig()
                    .getValue("govclear.settlement.bank-secret", String.class).getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
