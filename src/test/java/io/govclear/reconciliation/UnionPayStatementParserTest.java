package io.govclear.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.reconciliation.statement.LineKind;
import io.govclear.reconciliation.statement.StatementFormatException;
import io.govclear.reconciliation.statement.StatementLine;
import io.govclear.reconciliation.statement.StatementTotals;
import io.govclear.reconciliation.statement.UnionPayStatementParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * UnionPay's ZM transaction file, written by hand after PROTOCOLS.md: 40 fixed-width fields separated by one space,
 * CRLF, 交易代码 S22 (consume) and S30 (refund), amounts in fen, fees with a C/D sign letter.
 */
class UnionPayStatementParserTest {

    /** The widths as PROTOCOLS.md lists them (交易代码 3, 代理机构标识码 11, …, 交易介质 1). */
    private static final int[] WIDTHS = { 3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6,
            2, 4, 32, 1, 21, 15, 1, 15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1 };

    private final UnionPayStatementParser parser = new UnionPayStatementParser(
            Clock.fixed(Instant.parse("2026-11-24T01:00:00Z"), ZoneOffset.UTC));

    /**
     * A record: the given fields (position from 0, value; pairs), numbers zero-padded, text space-padded, the rest
     * blank.
     */
    private static String record(Object... pairs) {
        Map<Integer, String> fields = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        List<String> f = new ArrayList<>();
        for (int i = 0; i < WIDTHS.length; i++) {
            String v = fields.getOrDefault(i, "");
            boolean number = !v.isEmpty() && v.chars().allMatch(Character::isDigit) && (i == 3 || i == 6 || i == 37);
            f.add(number ? "0".repeat(WIDTHS[i] - v.length()) + v : v + " ".repeat(WIDTHS[i] - v.length()));
        }
        return String.join(" ", f);
    }

    private static final String CONSUME = record(0, "S22", 1, "00010000", 2, "00010000", 3, "123456",
            4, "1123100005", 5, "6216********0110", 6, "20000", 9, "202611231000050000001", 11, "GC261123000000000101",
            15, "D000000000120", 16, "C000000020000", 19, "01", 27, "777290058110048");
    private static final String CONSUME_2 = record(0, "S22", 3, "123457", 4, "1123235959", 6, "5005",
            9, "202611232359590000002", 11, "GC261123000000000102", 15, "D000000000030", 19, "01");
    private static final String REFUND = record(0, "S30", 3, "123458", 4, "1123150000", 6, "2000",
            9, "202611231500000000003", 11, "RF261123000001", 15, "C000000000012", 19, "04",
            26, "202611231000050000001");

    private static byte[] file(String... records) {
        StringBuilder s = new StringBuilder();
        for (String r : records) {
            s.append(r).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private StatementTotals parse(byte[] file, List<StatementLine> into) throws IOException {
        return parser.parse(new ByteArrayInputStream(file), into::add);
    }

    @Test
    void readsConsumesAndRefunds() throws IOException {
        assertThat(CONSUME).hasSize(475);
        List<StatementLine> lines = new ArrayList<>();
        StatementTotals totals = parse(file(CONSUME, CONSUME_2, REFUND), lines);

        assertThat(lines).hasSize(3);
        StatementLine first = lines.get(0);
        assertThat(first.lineNo()).isEqualTo(1);
        assertThat(first.kind()).isEqualTo(LineKind.PAYMENT);
        assertThat(first.paymentId()).isEqualTo("GC261123000000000101");
        assertThat(first.channelTradeNo()).isEqualTo("202611231000050000001");
        assertThat(first.amountFen()).isEqualTo(20000);
        assertThat(first.feeFen()).as("D: charged").isEqualTo(120);
        assertThat(first.completedAt()).as("the year is this one").isEqualTo(Instant.parse("2026-11-23T02:00:05Z"));
        assertThat(lines.get(1).amountFen()).isEqualTo(5005);
        StatementLine refund = lines.get(2);
        assertThat(refund.kind()).isEqualTo(LineKind.REFUND);
        assertThat(refund.refundId()).isEqualTo("RF261123000001");
        assertThat(refund.paymentId()).as("the refunded consume's queryId").isEqualTo("202611231000050000001");
        assertThat(refund.amountFen()).isEqualTo(2000);
        assertThat(refund.feeFen()).as("C: given back").isEqualTo(-12);
        assertThat(totals).isEqualTo(new StatementTotals(2, 25005, 1, 2000, 120 + 30 - 12));
    }

    @Test
    void noFileIsNothingPaid() throws IOException {
        assertThat(parse(new byte[0], new ArrayList<>())).isEqualTo(StatementTotals.EMPTY);
    }

    @Test
    void aTimeOfLastDecemberIsLastYear() throws IOException {
        List<StatementLine> lines = new ArrayList<>();
        UnionPayStatementParser january = new UnionPayStatementParser(
                Clock.fixed(Instant.parse("2027-01-01T01:00:00Z"), ZoneOffset.UTC));
        january.parse(new ByteArrayInputStream(file(CONSUME_2.replace("1123235959", "1231235959"))), lines::add);
        assertThat(lines.get(0).completedAt()).isEqualTo(Instant.parse("2026-12-31T15:59:59Z"));
    }

    @Test
    void aMalformedRecordNamesItsLine() {
        assertThatThrownBy(() -> parse(file(CONSUME, CONSUME_2.substring(1)), new ArrayList<>()))
                .isInstanceOf(StatementFormatException.class)
                .satisfies(e -> assertThat(((StatementFormatException) e).lineNo()).isEqualTo(2))
                .hasMessageContaining("474 characters long, not 475");
        assertThatThrownBy(() -> parse(file(CONSUME, CONSUME_2, REFUND.replace("S30", "S31")), new ArrayList<>()))
                .hasMessageContaining("line 3").hasMessageContaining("交易代码 'S31'");
        assertThatThrownBy(() -> parse(file(CONSUME.replace("000000020000", "0000000200O0")), new ArrayList<>()))
                .hasMessageContaining("line 1").hasMessageContaining("交易金额");
        assertThatThrownBy(() -> parse(file(CONSUME, CONSUME_2.replace("D000000000030", "X000000000030")),
                new ArrayList<>())).hasMessageContaining("line 2").hasMessageContaining("商户手续费");
        assertThatThrownBy(() -> parse(file(CONSUME.replace("1123100005", "1323100005")), new ArrayList<>()))
                .hasMessageContaining("line 1").hasMessageContaining("交易传输时间");
        assertThatThrownBy(() -> parse(file(CONSUME.replace("GC261123000000000101", "                    ")),
                new ArrayList<>())).hasMessageContaining("line 1").hasMessageContaining("商户订单号 is empty");
        String noSeparator = CONSUME.substring(0, 3) + "X" + CONSUME.substring(4);
        assertThatThrownBy(() -> parse(file(noSeparator), new ArrayList<>()))
                .hasMessageContaining("line 1").hasMessageContaining("no space before field 2");
    }
}
