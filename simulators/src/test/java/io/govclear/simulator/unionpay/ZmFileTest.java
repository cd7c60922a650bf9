package io.govclear.simulator.unionpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed-width merchant statement: every field at its width, one space between fields, amounts exact. */
class ZmFileTest {

    static final Instant PAID = Instant.parse("2026-11-23T02:15:31Z"); // 10:15:31 in Beijing
    static final Instant REFUNDED = Instant.parse("2026-11-23T05:00:00Z");

    /** Cuts a record as the official SDK's parseZMFile does: each width, then one separator byte. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        int at = 0;
        for (int width : ZmFile.WIDTHS) {
            fields.add(line.substring(at, at + width));
            at += width + 1;
        }
        return fields;
    }

    static SimTxn paid(String orderId, long fen, long fee, Instant at) {
        return SimTxn.consume(orderId, "20261123101500", fen, "777290058110048", null, null, null, null)
                .paid("202611231015310000042", "000042", at, fee);
    }

    @Test
    void fortyFieldsAtTheirWidthsWithOneSpaceBetween() {
        assertThat(ZmFile.WIDTHS).hasSize(40);
        assertThat(Arrays.stream(ZmFile.WIDTHS).sum()).isEqualTo(436);
        String line = new String(ZmFile.write(List.of(paid("GC261123000000000042", 20000, 120, PAID))),
                StandardCharsets.US_ASCII);
        assertThat(line).endsWith("\r\n");
        String record = line.substring(0, line.length() - 2);
        assertThat(record).hasSize(436 + 39);
        List<String> f = fields(record);
        for (int i = 0; i < 40; i++) {
            assertThat(f.get(i)).as("field %d", i + 1).hasSize(ZmFile.WIDTHS[i]);
        }
        int at = 0;
        for (int i = 0; i < 39; i++) {
            at += ZmFile.WIDTHS[i];
            assertThat(record.charAt(at)).as("separator after field %d", i + 1).isEqualTo(' ');
            at++;
        }
        assertThat(f.get(0)).isEqualTo("S22");
        assertThat(f.get(3)).isEqualTo("000042");
        assertThat(f.get(4)).isEqualTo("1123101531");
        assertThat(f.get(6)).isEqualTo("000000020000");
        assertThat(f.get(9)).isEqualTo("202611231015310000042");
        assertThat(f.get(11)).isEqualTo("GC261123000000000042            ");
        assertThat(f.get(15)).isEqualTo("D000000000120");
        assertThat(f.get(16)).isEqualTo("C000000020000");
        assertThat(f.get(19)).isEqualTo("01");
        assertThat(f.get(27)).isEqualTo("777290058110048");
        assertThat(f.get(32)).isEqualTo("C000000019880");
        assertThat(f.get(13)).isBlank();
        assertThat(f.get(26)).isBlank();
    }

    @Test
    void refundsAreListedWithTheirOriginalAndUnpaidConsumesAreNot() {
        SimTxn consume = paid("GC261123000000000043", 1, 0, PAID);
        SimTxn refund = SimTxn.refund("RF261123000000000001", "20261123130000", 1, "777290058110048", consume,
                "202611231300000000043", "000043", REFUNDED);
        SimTxn unpaid = SimTxn.consume("GC261123000000000044", "20261123101500", 5, "777290058110048", null, null,
                null, null);
        String[] lines = new String(ZmFile.write(List.of(refund, unpaid, consume)), StandardCharsets.US_ASCII)
                .split("\r\n");
        assertThat(lines).hasSize(2);
        List<String> first = fields(lines[0]);
        List<String> second = fields(lines[1]);
        assertThat(first.get(0)).isEqualTo("S22");
        assertThat(first.get(6)).isEqualTo("000000000001");
        assertThat(second.get(0)).isEqualTo("S30");
        assertThat(second.get(6)).isEqualTo("000000000001");
        assertThat(second.get(13)).isEqualTo("000042");
        assertThat(second.get(14)).isEqualTo("1123101531");
        assertThat(second.get(16)).isEqualTo("D000000000001");
        assertThat(second.get(19)).isEqualTo("04");
        assertThat(second.get(26)).isEqualTo("202611231015310000042");
    }

    @Test
    void largestAmountFitsExactly() {
        List<String> f = fields(new String(ZmFile.write(List.of(paid("GC261123000000000045", 999_999_999_999L, 0,
                PAID))), StandardCharsets.US_ASCII));
        assertThat(f.get(6)).isEqualTo("999999999999");
        assertThat(f.get(16)).isEqualTo("C999999999999");
    }
}
