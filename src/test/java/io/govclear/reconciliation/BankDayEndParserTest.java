package io.govclear.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.channel.Channel;
import io.govclear.reconciliation.statement.AbcStatementParser;
import io.govclear.reconciliation.statement.IcbcStatementParser;
import io.govclear.reconciliation.statement.LineKind;
import io.govclear.reconciliation.statement.StatementFormatException;
import io.govclear.reconciliation.statement.StatementLine;
import io.govclear.reconciliation.statement.StatementParser;
import io.govclear.reconciliation.statement.StatementTotals;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The banks' day-end file, written by hand: an H| header with count and sum, then D| lines. */
class BankDayEndParserTest {

    private static final String D1 = "D|330100260000123456|20000|ICBC20261123000001|GC261123000000000201|"
            + "2026-11-23T10:00:05+08:00";
    private static final String D2 = "D|330100260000123457|5005|ICBC20261123000002|GC261123000000000202|"
            + "2026-11-23T23:59:59+08:00";

    private final StatementParser icbc = new IcbcStatementParser();

    private static byte[] file(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private StatementTotals parse(StatementParser parser, byte[] file, List<StatementLine> into) throws IOException {
        return parser.parse(new ByteArrayInputStream(file), into::add);
    }

    @Test
    void readsConfirmedPaymentsByConfirmationNumber() throws IOException {
        assertThat(icbc.channel()).isEqualTo(Channel.BANK_ICBC);
        assertThat(new AbcStatementParser().channel()).isEqualTo(Channel.BANK_ABC);
        List<StatementLine> lines = new ArrayList<>();
        StatementTotals totals = parse(icbc, file("H|ICBC|2026-11-23|2|25005", D1, D2), lines);

        assertThat(lines).hasSize(2);
        StatementLine first = lines.get(0);
        assertThat(first.lineNo()).isEqualTo(2);
        assertThat(first.kind()).isEqualTo(LineKind.PAYMENT);
        assertThat(first.paymentId()).as("the confirmation number is our payment id").isEqualTo("GC261123000000000201");
        assertThat(first.channelTradeNo()).isEqualTo("ICBC20261123000001");
        assertThat(first.amountFen()).isEqualTo(20000);
        assertThat(first.feeFen()).isZero();
        assertThat(first.completedAt()).isEqualTo(Instant.parse("2026-11-23T02:00:05Z"));
        assertThat(totals).isEqualTo(new StatementTotals(2, 25005, 0, 0, 0));
        assertThat(parse(icbc, file("H|ICBC|2026-11-23|0|0"), new ArrayList<>())).isEqualTo(StatementTotals.EMPTY);
    }

    @Test
    void theHeaderMustAddUpAndNameTheBank() {
        assertThatThrownBy(() -> parse(icbc, file("H|ICBC|2026-11-23|2|25006", D1, D2), new ArrayList<>()))
                .isInstanceOf(StatementFormatException.class).hasMessageContaining("line 1")
                .hasMessageContaining("25006");
        assertThatThrownBy(() -> parse(icbc, file("H|ICBC|2026-11-23|3|25005", D1, D2), new ArrayList<>()))
                .hasMessageContaining("says 3 payments");
        assertThatThrownBy(() -> parse(icbc, file("H|ABC|2026-11-23|2|25005", D1, D2), new ArrayList<>()))
                .hasMessageContaining("line 1").hasMessageContaining("'ABC'");
        assertThatThrownBy(() -> parse(icbc, new byte[0], new ArrayList<>())).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse(icbc, file("D1", D1), new ArrayList<>())).hasMessageContaining("header");
    }

    @Test
    void aMalformedLineNamesItsLine() {
        assertThatThrownBy(() -> parse(icbc, file("H|ICBC|2026-11-23|2|25005", D1, D2.replace("|5005|", "|5O05|")),
                new ArrayList<>()))
                .isInstanceOf(StatementFormatException.class)
                .satisfies(e -> assertThat(((StatementFormatException) e).lineNo()).isEqualTo(3))
                .hasMessageContaining("amountFen");
        assertThatThrownBy(() -> parse(icbc, file("H|ICBC|2026-11-23|1|20000", D1.substring(0, D1.lastIndexOf('|'))),
                new ArrayList<>())).hasMessageContaining("line 2").hasMessageContaining("5 fields");
        assertThatThrownBy(() -> parse(icbc, file("H|ICBC|2026-11-23|1|20000", D1.replace("+08:00", "")),
                new ArrayList<>())).hasMessageContaining("line 2").hasMessageContaining("paidAt");
        assertThatThrownBy(() -> parse(icbc, file("H|ICBC|2026-11-23|1|20000", D1.replace("GC261123000000000201", "")),
                new ArrayList<>())).hasMessageContaining("line 2").hasMessageContaining("confirmationNo is empty");
    }
}
