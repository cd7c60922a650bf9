package io.govclear.simulator.unionpay;

import io.govclear.simulator.SimClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.encoders.Hex;

/**
 * UnionPay's side of ACP 5.1.0, signMethod 01, written from the specification with BouncyCastle's lightweight API:
 * the fields but {@code signature} sorted by name and joined {@code k=v&k=v}; SHA-256 of that, as lower-case hex;
 * RSA PKCS#1 v1.5 with SHA-256 over the hex text; Base64. Also the message formats and field patterns.
 */
final class Acp {

    static final String VERSION = "5.1.0";
    static final String SIGNATURE = "signature";
    static final DateTimeFormatter TXN_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final DateTimeFormatter TRACE_TIME = DateTimeFormatter.ofPattern("MMddHHmmss");
    static final DateTimeFormatter SETTLE_DATE = DateTimeFormatter.ofPattern("MMdd");
    /** orderId: 8–40 letters and digits. */
    static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z]{8,40}");
    /** txnAmt: fen, 1–12 digits. */
    static final Pattern AMOUNT = Pattern.compile("\\d{1,12}");

    private final AsymmetricKeyParameter signKey;

    /** @param signPrivateKey UnionPay's signing key, PKCS#8 DER in Base64 */
    Acp(String signPrivateKey) {
        try {
            this.signKey = PrivateKeyFactory.createKey(Base64.getMimeDecoder().decode(signPrivateKey));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("UnionPay's signing key is not PKCS#8 DER in Base64", e);
        }
    }

    /** The fields with UnionPay's signature added. */
    Map<String, String> signed(Map<String, String> fields) {
        Map<String, String> signed = new TreeMap<>(fields);
        signed.remove(SIGNATURE);
        RSADigestSigner signer = new RSADigestSigner(new SHA256Digest());
        signer.init(true, signKey);
        byte[] hex = digestHex(signed);
        signer.update(hex, 0, hex.length);
        try {
            signed.put(SIGNATURE, Base64.getEncoder().encodeToString(signer.generateSignature()));
        } catch (CryptoException e) {
            throw new IllegalStateException("UnionPay signing failed", e);
        }
        return signed;
    }

    /** Whether the merchant's signature over the fields verifies with the merchant certificate's key. */
    static boolean verifies(Map<String, String> fields, X509Certificate merchantCert) {
        String signature = fields.get(SIGNATURE);
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        try {
            RSADigestSigner verifier = new RSADigestSigner(new SHA256Digest());
            verifier.init(false, PublicKeyFactory.createKey(merchantCert.getPublicKey().getEncoded()));
            byte[] hex = digestHex(fields);
            verifier.update(hex, 0, hex.length);
            return verifier.verifySignature(Base64.getMimeDecoder().decode(signature));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] digestHex(Map<String, String> fields) {
        StringBuilder content = new StringBuilder();
        new TreeMap<>(fields).forEach((key, value) -> {
            if (!SIGNATURE.equals(key)) {
                content.append(content.length() == 0 ? "" : "&").append(key).append('=').append(value);
            }
        });
        SHA256Digest sha256 = new SHA256Digest();
        byte[] text = content.toString().getBytes(StandardCharsets.UTF_8);
        sha256.update(text, 0, text.length);
        byte[] digest = new byte[sha256.getDigestSize()];
        sha256.doFinal(digest, 0);
        return Hex.toHexString(digest).getBytes(StandardCharsets.US_ASCII);
    }

    /** An X.509 certificate from PEM or Base64 DER. */
    static X509Certificate certificate(String text) {
        String base64 = text.replaceAll("-----[A-Z ]+-----", "");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not an X.509 certificate", e);
        }
    }

    /** The certificate as signPubKeyCert carries it: PEM, CRLF line ends. */
    static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\r\n"
                    + Base64.getMimeEncoder(64, new byte[] { '\r', '\n' }).encodeToString(certificate.getEncoded())
                    + "\r\n-----END CERTIFICATE-----";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** certId: the certificate's serial number in decimal. */
    static String certId(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(10);
    }

    /** A message body as UnionPay writes it: {@code k=v&k=v}, raw values. */
    static String write(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((key, value) -> body.append(body.length() == 0 ? "" : "&").append(key).append('=')
                .append(value));
        return body.toString();
    }

    /** yyyyMMddHHmmss, Beijing time. */
    static String txnTime(Instant instant) {
        return TXN_TIME.format(LocalDateTime.ofInstant(instant, SimClock.ZONE));
    }
}
