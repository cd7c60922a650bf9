package io.govclear.channel.wechatpay;

import java.nio.charset.StandardCharsets;
import io.govclear.security.Keys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives of WeChat Pay API v3: SHA256withRSA over newline-terminated lines, and AEAD_AES_256_GCM for notify
 * resources (APIv3 key, nonce and associated data as UTF-8). The simulator speaks the same protocol with WeChat Pay's
 * own SDK; the official SDK's interoperability tests keep both sides honest.
 */
public final class WechatPayCrypto {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TAG_BITS = 128;

    private WechatPayCrypto() {
    }

    /** A PKCS#8 DER private key, Base64 on one line (what `openssl pkcs8 -topk8 -outform DER | base64` gives). */
    public static PrivateKey privateKey(String base64Der) {
        return Keys.rsaPrivate(base64Der);
    }

    /** An X.509 SubjectPublicKeyInfo DER public key, Base64 on one line. */
    public static PublicKey publicKey(String base64Der) {
        return Keys.rsaPublic(base64Der);
    }

    /** The signed message: every part followed by a newline, as both request and response signatures want. */
    public static String message(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            sb.append(part).append('\n');
        }
        return sb.toString();
    }

    /** Base64(SHA256withRSA(message)). */
    public static String sign(PrivateKey key, String message) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** False for a wrong signature and for one that is not even Base64. */
    public static boolean verify(PublicKey key, String message, String base64Signature) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update(message.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** AEAD_AES_256_GCM encryption of a notify resource → Base64(ciphertext ‖ tag). */
    public static String encrypt(byte[] apiV3Key, String associatedData, String nonce, String plaintext) {
        try {
            Cipher cipher = gcm(Cipher.ENCRYPT_MODE, apiV3Key, associatedData, nonce);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decrypts a notify resource; fails when the key, nonce, associated data or ciphertext do not authenticate. */
    public static String decrypt(byte[] apiV3Key, String associatedData, String nonce, String base64Ciphertext)
            throws GeneralSecurityException {
        Cipher cipher = gcm(Cipher.DECRYPT_MODE, apiV3Key, associatedData, nonce);
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(base64Ciphertext);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("ciphertext is not Base64", e);
        }
        return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
    }

    /** Random letters and digits, for nonces. */
    public static String nonce(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }

    private static Cipher gcm(int mode, byte[] apiV3Key, String associatedData, String nonce)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(apiV3Key, "AES"),
                new GCMParameterSpec(TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
        if (associatedData != null) {
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        }
        return cipher;
    }
}
