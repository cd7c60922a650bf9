package io.govclear.channel.alipay;

import java.nio.charset.StandardCharsets;
import io.govclear.security.Keys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alipay's RSA2 signature: SHA256withRSA over UTF-8 content, Base64. The content of a parameter set is every
 * parameter but the excluded ones, empty values dropped, sorted by key, joined as {@code k=v&k=v} with raw values.
 * The simulator signs with Alipay's own SDK, and tests check this class against that SDK too.
 */
public final class Rsa2 {

    /** A request signs everything but {@code sign} (sign_type included), as the SDK's getSignatureContent. */
    public static final Set<String> REQUEST_UNSIGNED = Set.of("sign");

    /** A notify signs everything but {@code sign} and {@code sign_type}, as the SDK's getSignCheckContentV1. */
    public static final Set<String> NOTIFY_UNSIGNED = Set.of("sign", "sign_type");

    private static final String ALGORITHM = "SHA256withRSA";

    private Rsa2() {
    }

    /** An RSA private key from PKCS#8 DER in Base64 (one line, no PEM armour). */
    public static PrivateKey privateKey(String base64Pkcs8) {
        return Keys.rsaPrivate(base64Pkcs8);
    }

    /** An RSA public key from X.509 SubjectPublicKeyInfo DER in Base64. */
    public static PublicKey publicKey(String base64X509) {
        return Keys.rsaPublic(base64X509);
    }

    /** The text that is signed for these parameters. */
    public static String content(Map<String, String> params, Set<String> excluded) {
        StringBuilder content = new StringBuilder();
        new TreeMap<>(params).forEach((key, value) -> {
            if (!excluded.contains(key) && value != null && !value.isEmpty()) {
                content.append(content.isEmpty() ? "" : "&").append(key).append('=').append(value);
            }
        });
        return content.toString();
    }

    public static String sign(String content, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA2 signing failed", e);
        }
    }

    /** False for a wrong signature and for one that is not even Base64. */
    public static boolean verify(String content, String base64Signature, PublicKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
