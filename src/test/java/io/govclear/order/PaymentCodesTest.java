package io.govclear.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaymentCodesTest {

    private final PaymentCodes codes = new PaymentCodes("k".getBytes(StandardCharsets.UTF_8));

    @Test
    void luhnDigitMatchesKnownNumbers() {
        // 79927398713 is the textbook Luhn example; 4111111111111111 a well-known test card
        assertThat(PaymentCodes.luhnDigit("7992739871")).isEqualTo(3);
        assertThat(PaymentCodes.luhnDigit("411111111111111")).isEqualTo(1);
        assertThat(PaymentCodes.luhnDigit("0000000000000000000")).isEqualTo(0);
    }

    @Test
    void validationCatchesEverySingleDigitChangeAndBadShapes() {
        String code = codes.format("330100", 2026, 12345);
        assertThat(PaymentCodes.isValid(code)).isTrue();
        for (int i = 0; i < code.length(); i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d != code.charAt(i)) {
                    String changed = code.substring(0, i) + d + code.substring(i + 1);
                    assertThat(PaymentCodes.isValid(changed)).as(changed).isFalse();
                }
            }
        }
        assertThat(PaymentCodes.isValid(null)).isFalse();
        assertThat(PaymentCodes.isValid(code.substring(1))).isFalse();
        assertThat(PaymentCodes.isValid(code + "0")).isFalse();
        assertThat(PaymentCodes.isValid(code.substring(0, 19) + "x")).isFalse();
    }

    @Test
    void codeCarriesRegionAndYear() {
        String code = codes.format("330106", 2026, 1);
        assertThat(code).hasSize(20).startsWith("33010626");
    }

    @Test
    void consecutiveSequenceNumbersGiveDistantUniqueCodes() {
        Set<Long> seen = new HashSet<>();
        long previous = -1;
        int adjacent = 0;
        for (long n = 0; n < 200_000; n++) {
            long p = codes.permute(n);
            assertThat(p).isBetween(0L, PaymentCodes.NUMBER_SPACE - 1);
            assertThat(seen.add(p)).as("collision at %d", n).isTrue();
            if (previous >= 0 && Math.abs(p - previous) < 1000) {
                adjacent++;
            }
            previous = p;
        }
        assertThat(adjacent).isLessThan(10);
    }

    @Test
    void permutationDependsOnTheKey() {
        PaymentCodes other = new PaymentCodes("other".getBytes(StandardCharsets.UTF_8));
        assertThat(other.permute(42)).isNotEqualTo(codes.permute(42));
        assertThat(codes.permute(42)).isEqualTo(new PaymentCodes("k".getBytes(StandardCharsets.UTF_8)).permute(42));
    }
}
