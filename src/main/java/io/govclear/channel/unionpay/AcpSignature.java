package io.govclear.channel.unionpay;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import io.govclear.security.Keys;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * UnionPay ACP 5.1.0 signatures with signMethod=01: every field but {@code signature}, sorted by name, joined as
 * {@code k=v&k=v} with raw values; the SHA-256 of that string as lower-case hex; SHA256withRSA over the hex string's
 * bytes; Base64. The simulator implements the channel's side on its own (BouncyCastle).
 */
public final class AcpSignature {

    public static final String SIGNATURE = "signature";

    private AcpSignature() {
    }

    /** The string that is hashed: all fields but signature, sorted, {@code k=v} joined by {@code &}. */
    public static String content(Map<String, String> fields) {
        StringBuilder content = new StringBuilder();
        new TreeMap<>(fields).forEach((key, value) -> {
            if (!SIGNATURE.equals(key)) {
                content.append(content.isEmpty() ? "" : "&").append(key).append('=').append(value);
            }
        });
        return content.toString();
    }

    /** Base64(SHA256withRSA(hex(SHA-256(content)))). */
    public static String sign(Map<String, String> fields, PrivateKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(digestHex(fields));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("UnionPay signing failed", e);
        }
    }

    /** False for a wrong signature, a missing one, and one that is not even Base64. */
    public static boolean verify(Map<String, String> fields, PublicKey key) {
        String signature = fields.get(SIGNATURE);
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(digestHex(fields));
            return rsa.verify(Base64.getMimeDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** An RSA private key from PKCS#8 DER in Base64 (one line, no PEM armour). */
    public static PrivateKey privateKey(String base64Pkcs8) {
        return Keys.rsaPrivate(base64Pkcs8);
    }

    /** An X.509 certificate from PEM text or from Base64 DER. */
    public static X509Certificate certificate(String pemOrBase64) {
        String base64 = pemOrBase64.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an X.509 certificate", e);
        }
    }

    /** The certificate as UnionPay sends it in signPubKeyCert: PEM with CRLF line ends. */
    public static String pem(X509Certificate certificate) {
        try {
            String body = Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\r\n" + body + "\r\n-----END CERTIFICATE-----";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate's certId: its serial number in decimal. */
    public static String certId(X509Certificate certificate) {
        return certificate.getSerialNumber().toString();
    }

    private static byte[] digestHex(Map<String, String> fields) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(content(fields).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.UTF_8);
    }
}
