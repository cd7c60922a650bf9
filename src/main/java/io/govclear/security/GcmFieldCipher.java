package io.govclear.security;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * GCM over a 128-bit block cipher through BouncyCastle. Layout: version (1), algorithm (1), key id (1),
 * nonce (12), ciphertext with a 128-bit tag.
 */
public final class GcmFieldCipher implements FieldCipher {

    public enum Algorithm {
        SM4_GCM(1), AES_GCM(2);

        final byte id;

        Algorithm(int id) {
            this.id = (byte) id;
        }
    }

    private static final byte VERSION = 1;
    private static final int HEADER = 3;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final Algorithm algorithm;
    private final KeyParameter key;
    private final byte keyId;
    private final SecureRandom random = new SecureRandom();
    /** GCM instances keyed once per thread: re-keying (key schedule, GHASH tables) dominates small fields. */
    private final ThreadLocal<GCMModeCipher[]> ciphers = ThreadLocal.withInitial(() -> new GCMModeCipher[2]);

    public GcmFieldCipher(Algorithm algorithm, byte[] key, int keyId) {
        if (algorithm == Algorithm.SM4_GCM && key.length != 16) {
            throw new IllegalArgumentException("an SM4 key is 16 bytes, got " + key.length);
        }
        if (algorithm == Algorithm.AES_GCM && key.length != 16 && key.length != 32) {
            throw new IllegalArgumentException("an AES key is 16 or 32 bytes, got " + key.length);
        }
        if (keyId < 0 || keyId > 255) {
            throw new IllegalArgumentException("key id must be 0..255");
        }
        this.algorithm = algorithm;
        this.key = new KeyParameter(key);
        this.keyId = (byte) keyId;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        GCMModeCipher gcm = gcm(true, nonce, associatedData);
        byte[] out = new byte[HEADER + NONCE + gcm.getOutputSize(plaintext.length)];
        out[0] = VERSION;
        out[1] = algorithm.id;
        out[2] = keyId;
        System.arraycopy(nonce, 0, out, HEADER, NONCE);
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, HEADER + NONCE);
        try {
            gcm.doFinal(out, HEADER + NONCE + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < HEADER + NONCE + TAG_BITS / 8 || ciphertext[0] != VERSION) {
            throw new IllegalArgumentException("not a GovClear ciphertext");
        }
        if (ciphertext[1] != algorithm.id || ciphertext[2] != keyId) {
            throw new IllegalArgumentException("ciphertext was made with another algorithm or key ("
                    + ciphertext[1] + "/" + (ciphertext[2] & 0xff) + ")");
        }
        byte[] nonce = Arrays.copyOfRange(ciphertext, HEADER, HEADER + NONCE);
        GCMModeCipher gcm = gcm(false, nonce, associatedData);
        int inLen = ciphertext.length - HEADER - NONCE;
        byte[] out = new byte[gcm.getOutputSize(inLen)];
        int n = gcm.processBytes(ciphertext, HEADER + NONCE, inLen, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalArgumentException("ciphertext does not authenticate", e);
        }
        return out;
    }

    private GCMModeCipher gcm(boolean encrypt, byte[] nonce, byte[] associatedData) {
        GCMModeCipher[] pair = ciphers.get();
        int slot = encrypt ? 0 : 1;
        GCMModeCipher gcm = pair[slot];
        if (gcm == null) {
            BlockCipher engine = algorithm == Algorithm.SM4_GCM ? new SM4Engine() : AESEngine.newInstance();
            gcm = GCMBlockCipher.newInstance(engine);
            gcm.init(encrypt, new AEADParameters(key, TAG_BITS, nonce, associatedData));
            pair[slot] = gcm;
        } else {
            // a null key keeps the one this instance was initialised with
            gcm.init(encrypt, new AEADParameters(null, TAG_BITS, nonce, associatedData));
        }
        return gcm;
    }
}
