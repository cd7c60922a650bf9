package io.govclear.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.catalog.ItemCategory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receipt numbers, check codes and the hashed content, without the engine. */
class ReceiptCodesTest {

    private static final ReceiptConfig CONFIG = new ReceiptConfig() {
        @Override
        public String checkCodeKey() {
            return "ZGVtby1yZWNlaXB0LWNoZWNrLWNvZGUta2V5LTAwMDE=";
        }

        @Override
        public java.time.Duration issueInterval() {
            return java.time.Duration.ofSeconds(1);
        }

        @Override
        public int batchSize() {
            return 200;
        }

        @Override
        public String chainVerifyCron() {
            return "0 30 2 * * ?";
        }
    };

    @Test
    void sm3MatchesTheStandardsExample() {
        // GB/T 32905-2016, example 1
        assertThat(HexFormat.of().formatHex(Sm3.hash("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    @Test
    void receiptCodeIsRegionCategoryKindAndYearOfIssueInShanghai() {
        // 16:30 UTC on 31 December 2026 is already 2027 in Asia/Shanghai
        Instant newYear = Instant.parse("2026-12-31T16:30:00Z");
        assertThat(ReceiptCodes.receiptCode("330106", ItemCategory.TUITION, newYear)).isEqualTo("33020127");
        assertThat(ReceiptCodes.receiptNo("33020127", 42)).isEqualTo("330201270000000042");
    }

    @Test
    void checkCodeDependsOnTheKeyAndEveryCheckedField() {
        ReceiptCodes codes = new ReceiptCodes(CONFIG);
        Instant at = Instant.parse("2026-11-23T02:00:00Z");
        String code = codes.checkCode("330101260000000001", "33010026000000000017", 20000, at);
        assertThat(code).matches("[2-9A-HJ-NP-Z]{6}")
                .isEqualTo(codes.checkCode("330101260000000001", "33010026000000000017", 20000, at))
                .isNotEqualTo(codes.checkCode("330101260000000002", "33010026000000000017", 20000, at))
                .isNotEqualTo(codes.checkCode("330101260000000001", "33010026000000000017", 20001, at));
        assertThat(ReceiptCodes.matches(code.toLowerCase(), code)).isTrue();
        assertThat(ReceiptCodes.matches(null, code)).isFalse();
    }

    @Test
    void canonicalContentKeepsFieldBoundaries() {
        Receipt a = receipt("杭州市", "交通警察支队");
        Receipt b = receipt("杭州市交通", "警察支队");
        assertThat(a.canonical()).isNotEqualTo(b.canonical());
        byte[] genesis = new byte[32];
        assertThat(a.chained(genesis).hash()).isNotEqualTo(b.chained(genesis).hash());
        assertThat(a.chained(genesis).hash()).isEqualTo(a.chained(genesis).computeHash());
        assertThat(a.chained(genesis).hash()).isNotEqualTo(a.chained(a.chained(genesis).hash()).hash());
    }

    private static Receipt receipt(String unitName, String payer) {
        Instant at = Instant.parse("2026-11-23T02:00:00Z");
        return new Receipt(1, "330101260000000001", "ABCDEF", 1, 1, "33010026000000000017", "GC261123000000000001",
                "ALIPAY", "HZ-TRAFFIC", unitName, payer,
                List.of(new Receipt.Line("FINE-TRAFFIC", "交通违法罚款", "FINE", 20000)), 20000, 0, 20000, at, at,
                null, null);
    }
}
