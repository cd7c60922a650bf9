package io.govclear.receipt;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** SM3 (GB/T 32905) and HMAC-SM3 through BouncyCastle's lightweight API. */
final class Sm3 {

    static final int LENGTH = 32;

    private Sm3() {
    }

    /** SM3 of the parts, in order. */
    static byte[] hash(byte[]... parts) {
        SM3Digest digest = new SM3Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[LENGTH];
        mac.doFinal(out, 0);
        return out;
    }
}
