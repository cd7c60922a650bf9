package io.govclear.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890". */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesAreThoseOfRfc6238AppendixB() {
        // the RFC's eight-digit values, of which an authenticator shows the last six
        assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
    }

    @Test
    void aCodeVerifiesForItsStepAndOneEitherSideOnly() {
        Instant now = Instant.ofEpochSecond(1_764_556_530L);
        long step = Totp.step(now);
        assertThat(Totp.verify(SEED, Totp.code(SEED, step), now)).hasValue(step);
        assertThat(Totp.verify(SEED, Totp.code(SEED, step - 1), now)).hasValue(step - 1);
        assertThat(Totp.verify(SEED, Totp.code(SEED, step + 1), now)).hasValue(step + 1);
        assertThat(Totp.verify(SEED, Totp.code(SEED, step - 2), now)).isEmpty();
        assertThat(Totp.verify(SEED, " " + Totp.code(SEED, step), now)).isEmpty();
        assertThat(Totp.verify(SEED, null, now)).isEmpty();
    }

    @Test
    void theSecretIsShownAsUnpaddedBase32() {
        assertThat(Totp.base32(SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.uri("GovClear", "supervisor", SEED)).startsWith("otpauth://totp/GovClear:supervisor?secret=");
    }
}
