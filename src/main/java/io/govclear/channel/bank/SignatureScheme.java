package io.govclear.channel.bank;

import io.govclear.security.Keys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * How a bank signs: SM3withSM2 (the national standard, through BouncyCastle, default SM2 user id) or SHA256withRSA.
 * Keys are DER in Base64 on one line: PKCS#8 for private keys, X.509 SubjectPublicKeyInfo for public keys.
 */
public enum SignatureScheme {
    SM3_WITH_SM2("SM3withSM2", "EC"),
    SHA256_WITH_RSA("SHA256withRSA", "RSA");

    // an instance, not a registered provider: nothing global changes for the rest of the engine
    private static final Provider BC = new BouncyCastleProvider();

    private final String algorithm;
    private final String keyAlgorithm;

    SignatureScheme(String algorithm, String keyAlgorithm) {
        this.algorithm = algorithm;
        this.keyAlgorithm = keyAlgorithm;
    }

    public String algorithm() {
        return algorithm;
    }

    public PrivateKey privateKey(String base64Pkcs8) {
        return Keys.privateKey(keyAlgorithm, BC, base64Pkcs8);
    }

    public PublicKey publicKey(String base64X509) {
        return Keys.publicKey(keyAlgorithm, BC, base64X509);
    }

    /** The Base64 signature of {@code content}. */
    public String sign(byte[] content, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(algorithm, BC);
            signature.initSign(key);
            signature.update(content);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " signing failed", e);
        }
    }

    /** False for a wrong signature, one made with another scheme, and one that is not even Base64. */
    public boolean verify(byte[] content, String base64Signature, PublicKey key) {
        if (base64Signature == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(algorithm, BC);
            signature.initVerify(key);
            signature.update(content);
            return signature.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
