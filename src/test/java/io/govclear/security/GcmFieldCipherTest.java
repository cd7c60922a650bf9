package io.govclear.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GcmFieldCipherTest {

    private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "payer|1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "330106199001011234".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(GcmFieldCipher.Algorithm.class)
    void roundTripsAndHidesThePlaintext(GcmFieldCipher.Algorithm algorithm) {
        GcmFieldCipher cipher = new GcmFieldCipher(algorithm, KEY, 7);
        byte[] a = cipher.encrypt(DATA, AAD);
        byte[] b = cipher.encrypt(DATA, AAD);
        assertThat(a).isNotEqualTo(b); // fresh nonce each time
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("199001011234");
        assertThat(cipher.decrypt(a, AAD)).isEqualTo(DATA);
        assertThat(a[2]).isEqualTo((byte) 7);
    }

    @ParameterizedTest
    @EnumSource(GcmFieldCipher.Algorithm.class)
    void tamperingOtherRowsOrOtherKeysFail(GcmFieldCipher.Algorithm algorithm) {
        GcmFieldCipher cipher = new GcmFieldCipher(algorithm, KEY, 1);
        byte[] c = cipher.encrypt(DATA, AAD);
        byte[] flipped = c.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(flipped, AAD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.decrypt(c, "payer|2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        GcmFieldCipher otherKey = new GcmFieldCipher(algorithm, "fedcba9876543210".getBytes(), 1);
        assertThatThrownBy(() -> otherKey.decrypt(c, AAD)).isInstanceOf(IllegalArgumentException.class);
        GcmFieldCipher otherKeyId = new GcmFieldCipher(algorithm, KEY, 2);
        assertThatThrownBy(() -> otherKeyId.decrypt(c, AAD)).hasMessageContaining("another algorithm or key");
    }

    @ParameterizedTest
    @EnumSource(GcmFieldCipher.Algorithm.class)
    void wrongKeyLengthsAreRefused(GcmFieldCipher.Algorithm algorithm) {
        assertThatThrownBy(() -> new GcmFieldCipher(algorithm, new byte[15], 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
