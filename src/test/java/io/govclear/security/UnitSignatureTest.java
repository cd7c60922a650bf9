package io.govclear.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Vectors computed independently with Python's hmac and hashlib. */
class UnitSignatureTest {

    private static final byte[] SECRET = "demo-secret-ZJU".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsPostWithBodyHash() {
        assertThat(UnitSignature.sign(SECRET, "POST", "/api/v1/orders", 1795400000L, "abcdefghijklmnop",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo("zQJHSjXaXpEzK89m9nuvTklxLiuphwK09f9CohGlgKE=");
    }

    @Test
    void signsGetWithQueryAndEmptyBody() {
        assertThat(UnitSignature.sign(SECRET, "GET", "/api/v1/orders?status=UNPAID&page=1", 1795400000L,
                "abcdefghijklmnop", new byte[0])).isEqualTo("0HjUI0rG2zgYBPt5bxeKT4kq5KcVp+CrItWT8d3hdZM=");
    }

    @Test
    void verifyRejectsAnyChangeAndGarbage() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String sig = "zQJHSjXaXpEzK89m9nuvTklxLiuphwK09f9CohGlgKE=";
        assertThat(UnitSignature.verify(SECRET, "POST", "/api/v1/orders", 1795400000L, "abcdefghijklmnop", body, sig))
                .isTrue();
        assertThat(UnitSignature.verify(SECRET, "POST", "/api/v1/orders", 1795400001L, "abcdefghijklmnop", body, sig))
                .isFalse();
        assertThat(UnitSignature.verify(SECRET, "PUT", "/api/v1/orders", 1795400000L, "abcdefghijklmnop", body, sig))
                .isFalse();
        assertThat(UnitSignature.verify(SECRET, "POST", "/api/v1/orders", 1795400000L, "abcdefghijklmnoq", body, sig))
                .isFalse();
        assertThat(UnitSignature.verify(SECRET, "POST", "/api/v1/orders", 1795400000L, "abcdefghijklmnop",
                "{\"a\":2}".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        assertThat(UnitSignature.verify(SECRET, "POST", "/api/v1/orders", 1795400000L, "abcdefghijklmnop", body,
                "not base64 !")).isFalse();
    }
}
