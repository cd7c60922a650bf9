package io.govclear.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class YuanTest {

    @ParameterizedTest
    @CsvSource({ "0, 0.00", "1, 0.01", "10, 0.10", "2000, 20.00", "123456, 1234.56", "10000000000, 100000000.00",
            "-5, -0.05" })
    void formatsFenAsYuan(long fen, String yuan) {
        assertThat(Yuan.format(fen)).isEqualTo(yuan);
    }

    @ParameterizedTest
    @CsvSource({ "20.00, 2000", "20.5, 2050", "20, 2000", "0.01, 1", "0, 0", "100000000.00, 10000000000" })
    void parsesYuanExactly(String yuan, long fen) {
        assertThat(Yuan.parse(yuan)).isEqualTo(fen);
    }

    @ParameterizedTest
    @ValueSource(strings = { "20.001", "-1.00", "+1.00", "1e2", "1,000.00", " 1.00", "01.00", ".5", "1.", "abc", "" })
    void rejectsMalformedAmounts(String yuan) {
        assertThatThrownBy(() -> Yuan.parse(yuan)).isInstanceOf(IllegalArgumentException.class);
    }
}
