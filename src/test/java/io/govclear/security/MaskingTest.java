package io.govclear.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void namesKeepOnlyTheFirstCharacter() {
        assertThat(Masking.name("张三")).isEqualTo("张*");
        assertThat(Masking.name("欧阳娜娜")).isEqualTo("欧***");
        assertThat(Masking.name("李")).isEqualTo("李*");
        assertThat(Masking.name("𠀀明")).isEqualTo("𠀀*");
    }

    @Test
    void idNumbersKeepRegionAndLastFour() {
        assertThat(Masking.idNumber("330106199001011234")).isEqualTo("330106********1234");
        assertThat(Masking.idNumber("33010619900101123X")).isEqualTo("330106********123X");
        assertThat(Masking.idNumber(null)).isNull();
    }

    @Test
    void phonesKeepPrefixAndLastFour() {
        assertThat(Masking.phone("13800138000")).isEqualTo("138****8000");
        assertThat(Masking.phone(null)).isNull();
    }
}
