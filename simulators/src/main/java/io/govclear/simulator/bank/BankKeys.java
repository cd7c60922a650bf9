package io.govclear.simulator.bank;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * One simulated bank's keys and its side of the bank message signature (README "Bank counters"), with BouncyCastle's
 * lightweight signers: ICBC SM2 with SM3 (default user id 1234567812345678, DER signature), ABC RSA PKCS#1 v1.5 with
 * SHA-256. A request is signed over {@code code\nMETHOD\nPATH\ntimestamp\nnonce\n} and the body's bytes, an answer
 * over {@code code\nANSWER\nPATH\ntimestamp\nnonce\n} and its body; signatures in Base64.
 */
final class BankKeys {

    static final String CODE = "X-Bank-Code";
    static final String TIMESTAMP = "X-Bank-Timestamp";
    static final String NONCE = "X-Bank-Nonce";
    static final String SIGNATURE = "X-Bank-Signature";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimBank bank;
    private final AsymmetricKeyParameter bankKey;
    private final AsymmetricKeyParameter engineKey;

    BankKeys(SimBank bank, String bankPrivateKey, String enginePublicKey) {
        this.bank = bank;
        try {
            this.bankKey = PrivateKeyFactory.createKey(Base64.getDecoder().decode(bankPrivateKey));
            this.engineKey = PublicKeyFactory.createKey(Base64.getDecoder().decode(enginePublicKey));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(bank.code() + ": keys must be PKCS#8 / X.509 DER in Base64", e);
        }
    }

    SimBank bank() {
        return bank;
    }

    static byte[] requestContent(String code, String method, String path, long timestamp, String nonce,
            byte[] body) {
        return content(code + "\n" + method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n", body);
    }

    static byte[] answerContent(String code, String path, long timestamp, String nonce, byte[] body) {
        return content(code + "\nANSWER\n" + path + "\n" + timestamp + "\n" + nonce + "\n", body);
    }

    /** The bank's signature, Base64. */
    String sign(byte[] content) {
        Signer signer = signer();
        signer.init(true, bank.sm2() ? new ParametersWithRandom(bankKey, RANDOM) : bankKey);
        signer.update(content, 0, content.length);
        try {
            return Base64.getEncoder().encodeToString(signer.generateSignature());
        } catch (CryptoException e) {
            throw new IllegalStateException(bank.code() + " signing failed", e);
        }
    }

    /** Whether the engine signed the content; false for anything not even Base64. */
    boolean engineSigned(byte[] content, String signature) {
        if (signature == null) {
            return false;
        }
        try {
            Signer verifier = signer();
            verifier.init(false, engineKey);
            verifier.update(content, 0, content.length);
            return verifier.verifySignature(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The signing headers present on a request. */
    static Map<String, String> headersOf(UnaryOperator<String> header) {
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of(CODE, TIMESTAMP, NONCE, SIGNATURE)) {
            String value = header.apply(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    private Signer signer() {
        return bank.sm2() ? new SM2Signer() : new RSADigestSigner(new SHA256Digest());
    }

    private static byte[] content(String head, byte[] body) {
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] rest = body == null ? new byte[0] : body;
        byte[] all = new byte[start.length + rest.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(rest, 0, all, start.length, rest.length);
        return all;
    }
}
