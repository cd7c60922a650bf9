package io.govclear.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The collecting-unit request signature (API.md): Base64(HMAC-SHA256(secret,
 * METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nhex(SHA-256(body)))).
 */
public final class UnitSignature {

    private UnitSignature() {
    }

    public static String sign(byte[] secret, String method, String pathWithQuery, long timestamp, String nonce,
            byte[] body) {
        return Base64.getEncoder().encodeToString(mac(secret, method, pathWithQuery, timestamp, nonce, body));
    }

    /** Constant-time comparison against the presented Base64 signature. */
    public static boolean verify(byte[] secret, String method, String pathWithQuery, long timestamp, String nonce,
            byte[] body, String presented) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(presented);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, method, pathWithQuery, timestamp, nonce, body), given);
    }

    static String canonical(String method, String pathWithQuery, long timestamp, String nonce, byte[] body) {
        return method + '\n' + pathWithQuery + '\n' + timestamp + '\n' + nonce + '\n' + sha256Hex(body);
    }

    public static String sha256Hex(byte[] body) {
        return HexFormat.of().formatHex(Digests.sha256(body));
    }

    private static byte[] mac(byte[] secret, String method, String pathWithQuery, long timestamp, String nonce,
            byte[] body) {
        return Digests.hmacSha256(secret, canonical(method, pathWithQuery, timestamp, nonce, body)
                .getBytes(StandardCharsets.UTF_8));
    }
}
