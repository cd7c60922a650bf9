package io.govclear.security;

import io.govclear.common.GovClearConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Personal data and secrets at rest (PIPL Art. 28, 51): encryption behind {@link FieldCipher}, and keyed hashes
 * (HMAC-SHA256 with a separate key) so ID numbers and phones can be looked up without being stored in clear.
 */
@Singleton
public class PersonalData {

    private final FieldCipher cipher;
    private final byte[] hashKey;

    public PersonalData(GovClearConfig config) {
        GovClearConfig.Pii pii = config.pii();
        this.cipher = new GcmFieldCipher(GcmFieldCipher.Algorithm.valueOf(pii.cipher()),
                Base64.getDecoder().decode(pii.key()), pii.keyId());
        this.hashKey = Base64.getDecoder().decode(pii.hashKey());
    }

    public byte[] encrypt(String plaintext, String context) {
        return cipher.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
    }

    public String decrypt(byte[] ciphertext, String context) {
        return new String(cipher.decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    /** Keyed hash for lookups; null in, null out. */
    public byte[] lookupHash(String value) {
        if (value == null) {
            return null;
        }
        return Digests.hmacSha256(hashKey, value.getBytes(StandardCharsets.UTF_8));
    }
}
