package io.govclear.simulator.alipay;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * Alipay's side of RSA2, done with Alipay's own SDK ({@link AlipaySignature}): the merchant's requests are checked as
 * the open platform checks them (every parameter but {@code sign}, sorted), and answers and notifies are signed with
 * Alipay's key (notifies over every field but {@code sign} and {@code sign_type}).
 */
@Singleton
class AlipaySigning {

    private static final String CHARSET = "utf-8";
    private static final String RSA2 = "RSA2";

    private final String alipayPrivateKey;
    private final String merchantPublicKey;

    AlipaySigning(AlipaySimulatorConfig config) {
        this.alipayPrivateKey = config.alipayPrivateKey().orElseThrow(() -> unset("alipay-private-key"));
        this.merchantPublicKey = config.merchantPublicKey().orElseThrow(() -> unset("merchant-public-key"));
    }

    private static IllegalStateException unset(String property) {
        return new IllegalStateException("govclear.simulator.alipay." + property + " is not set");
    }

    /** Whether a gateway call's {@code sign} is the merchant app's over its other parameters. */
    boolean requestVerifies(Map<String, String> params) {
        try {
            return AlipaySignature.rsaCheckV2(new HashMap<>(params), merchantPublicKey, CHARSET, RSA2);
        } catch (AlipayApiException | RuntimeException e) {
            return false;
        }
    }

    /** The signature of an answer's response node text. */
    String sign(String content) {
        try {
            return AlipaySignature.rsaSign(content, alipayPrivateKey, CHARSET, RSA2);
        } catch (AlipayApiException e) {
            throw new IllegalStateException("Alipay signing failed", e);
        }
    }

    /** The signature of an async notify: over every field but sign and sign_type. */
    String signNotify(Map<String, String> form) {
        return sign(AlipaySignature.getSignCheckContentV1(new HashMap<>(form)));
    }
}
