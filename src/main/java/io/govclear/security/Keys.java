package io.govclear.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Keys as configuration carries them: DER in Base64 (line breaks allowed, no PEM armour), PKCS#8 for private keys and
 * X.509 SubjectPublicKeyInfo for public ones. One place for every channel and bank adapter.
 */
public final class Keys {

    private Keys() {
    }

    public static PrivateKey rsaPrivate(String base64Pkcs8) {
        return privateKey("RSA", null, base64Pkcs8);
    }

    public static PublicKey rsaPublic(String base64X509) {
        return publicKey("RSA", null, base64X509);
    }

    /** A private key of {@code algorithm}, from {@code provider} (null: the JDK's). */
    public static PrivateKey privateKey(String algorithm, Provider provider, String base64Pkcs8) {
        try {
            return factory(algorithm, provider)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64Pkcs8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Base64 PKCS#8 " + algorithm + " private key", e);
        }
    }

    /** A public key of {@code algorithm}, from {@code provider} (null: the JDK's). */
    public static PublicKey publicKey(String algorithm, Provider provider, String base64X509) {
        try {
            return factory(algorithm, provider)
                    .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64X509)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Base64 X.509 " + algorithm + " public key", e);
        }
    }

    private static KeyFactory factory(String algorithm, Provider provider) throws GeneralSecurityException {
        return provider == null ? KeyFactory.getInstance(algorithm) : KeyFactory.getInstance(algorithm, provider);
    }
}
