package io.govclear.channel.unionpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.common.Clocks;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading UnionPay's raw answers and its times without a year. */
class AcpMessagesTest {

    @Test
    void answerValuesAreRawAndMayHoldEqualsSignsAndBracedAmpersands() {
        Map<String, String> fields = AcpMessages.parse("respCode=00&signature=ab/c+d==&reqReserved={a=1&b=2}"
                + "&signPubKeyCert=-----BEGIN CERTIFICATE-----\r\nMIIB==\r\n-----END CERTIFICATE-----&empty=\n");
        assertThat(fields).containsExactly(Map.entry("respCode", "00"), Map.entry("signature", "ab/c+d=="),
                Map.entry("reqReserved", "{a=1&b=2}"),
                Map.entry("signPubKeyCert", "-----BEGIN CERTIFICATE-----\r\nMIIB==\r\n-----END CERTIFICATE-----"),
                Map.entry("empty", ""));
        assertThat(AcpMessages.parse(AcpMessages.write(fields))).isEqualTo(fields);
        assertThatThrownBy(() -> AcpMessages.parse("respCode")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AcpMessages.parse("=00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void traceTimeTakesTheYearOfTheTransactionOrTheNextAcrossNewYear() {
        assertThat(AcpMessages.traceInstant("20261123101500", "1123101531"))
                .isEqualTo(LocalDateTime.of(2026, 11, 23, 10, 15, 31).atZone(Clocks.BUSINESS_ZONE).toInstant());
        assertThat(AcpMessages.traceInstant("20261231235959", "0101000002"))
                .isEqualTo(LocalDateTime.of(2027, 1, 1, 0, 0, 2).atZone(Clocks.BUSINESS_ZONE).toInstant());
        assertThat(AcpMessages.traceInstant("20261123101500", "13")).isNull();
        assertThat(AcpMessages.traceInstant("20261123101500", "1399999999")).isNull();
        assertThat(AcpMessages.traceInstant(null, "1123101531")).isNull();
    }
}
