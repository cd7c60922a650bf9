package io.govclear.simulator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A unit's check of GovClear's webhook signature, written from the README's rule: {@code X-GovClear-Signature:
 * t=<unix seconds>,v1=<Base64(HMAC-SHA256(API secret, t + "\n" + body))>}, {@code t} near the receiver's clock.
 */
final class WebhookSignatures {

    static final String HEADER = "X-GovClear-Signature";

    private WebhookSignatures() {
    }

    static boolean verify(String secret, String header, String body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                return false;
            }
            if (kv[0].equals("t")) {
                t = kv[1];
            } else if (kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t == null || v1 == null) {
            return false;
        }
        try {
            long timestamp = Long.parseLong(t);
            return Math.abs(nowSeconds - timestamp) <= toleranceSeconds
                    && MessageDigest.isEqual(mac(secret, t + "\n" + body), Base64.getDecoder().decode(v1));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] mac(String secret, String text) {
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(secret.getBytes(StandardCharsets.UTF_8)));
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        hmac.update(input, 0, input.length);
        byte[] out = new byte[hmac.getMacSize()];
        hmac.doFinal(out, 0);
        return out;
    }
}
