package io.govclear.simulator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A unit's check of GovClear's webhook signature, written from the README's rule: {@code X-GovClear-Signature:
 * t=<unix seconds>,v1=<Base64(HMAC-SHA256(secret, t + "\n" + body))>}, {@code t} near the receiver's clock; during a
 * key rotation there is one {@code v1} per live key, and any of them verifying is enough.
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
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                return false;
            }
            if (kv[0].equals("t")) {
                t = kv[1];
            } else if (kv[0].equals("v1")) {
                v1.add(kv[1]);
            }
        }
        if (t == null || v1.isEmpty()) {
            return false;
        }
        try {
            long timestamp = Long.parseLong(t);
            if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
                return false;
            }
            byte[] expected = mac(secret, t + "\n" + body);
            for (String given : v1) {
                if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(given))) {
                    return true;
                }
            }
            return false;
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
