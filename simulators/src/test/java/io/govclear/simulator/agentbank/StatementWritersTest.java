package io.govclear.simulator.agentbank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Both statement formats, byte for byte as the engine's reader expects them, and safe for any text they carry. */
class StatementWritersTest {

    static final LocalDate DAY = LocalDate.of(2031, 3, 10);
    static final String ACCOUNT = EngineLayout.ACCOUNT;
    static final String NAME = "浙江省非税收入汇缴结算户";

    static final List<AccountEntry> ENTRIES = List.of(
            new AccountEntry("AB2031031091001", DAY, true, 695_800, "STL-ALIPAY-20310309", "支付宝（中国）网络技术有限公司",
                    "1001300719100023415", "结算款 2031-03-09", null),
            new AccountEntry("AB2031031000001", DAY, true, 12_345, null, "张三", "6222020200112233445", "罚款", null),
            new AccountEntry("AB2031031000002", DAY, false, 1_000_001, "GC2031030900001", "国家金库", "330000",
                    "缴款书 GC2031030900001", null),
            new AccountEntry("AB2031031000003", DAY, true, 5, "GC2031030800002", "财政专户", "FSA330100",
                    "退汇 缴款书 GC2031030800002", "AC04"));

    static List<EngineLayout.Entry> expected() {
        return ENTRIES.stream().map(e -> new EngineLayout.Entry(e.credit(), e.amountFen(), e.reference(),
                e.bankReference(), e.counterparty(), e.counterpartyAccount(), e.remittance(), e.returnReason()))
                .toList();
    }

    @Test
    void camtIsTheEnginesLayoutByteForByte() throws IOException {
        Statement statement = new Statement(ACCOUNT, NAME, DAY, -250_000, ENTRIES);

        assertThat(camt(statement)).isEqualTo(EngineLayout.camt053(DAY, -250_000, expected()));
    }

    @Test
    void csvIsTheEnginesLayoutByteForByte() throws IOException {
        Statement statement = new Statement(ACCOUNT, NAME, DAY, -250_000, ENTRIES);

        assertThat(csv(statement)).isEqualTo(EngineLayout.csv(DAY, -250_000, expected()));
    }

    @Test
    void anEmptyDayStillOpensAndCloses() throws IOException {
        Statement statement = new Statement(ACCOUNT, NAME, DAY, 1_234, List.of());

        assertThat(camt(statement)).isEqualTo(EngineLayout.camt053(DAY, 1_234, List.of()));
        assertThat(csv(statement)).isEqualTo(EngineLayout.csv(DAY, 1_234, List.of()));
    }

    @Test
    void markupInATextIsEscapedAndReadsBackAsWritten() throws Exception {
        String remittance = "退款 <b>&amp;</b> \"引号\" 'x'";
        Statement statement = new Statement(ACCOUNT, NAME, DAY, 0, List.of(new AccountEntry("AB2031031000001", DAY,
                true, 100, null, "A&B <公司>", "6222020200112233445", remittance, null)));

        String xml = camt(statement);

        assertThat(xml).contains("<Nm>A&amp;B &lt;公司&gt;</Nm>").doesNotContain("<b>");
        Document read = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(read.getElementsByTagName("Ustrd").item(0).getTextContent()).isEqualTo(remittance);
        assertThat(read.getElementsByTagName("Nm").item(0).getTextContent()).isEqualTo("A&B <公司>");
    }

    @Test
    void aCsvCellWithACommaOrQuoteIsQuotedAndAFormulaIsGuarded() {
        assertThat(CsvWriter.cell("张三,李四")).isEqualTo("\"张三,李四\"");
        assertThat(CsvWriter.cell("他说\"好\"")).isEqualTo("\"他说\"\"好\"\"\"");
        assertThat(CsvWriter.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvWriter.cell("-5,000")).isEqualTo("\"'-5,000\"");
        assertThat(CsvWriter.cell("'quoted")).isEqualTo("''quoted");
        assertThat(CsvWriter.cell("结算款 2031-03-09")).isEqualTo("结算款 2031-03-09");
        assertThat(CsvWriter.cell(null)).isEmpty();
    }

    static String camt(Statement statement) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CamtWriter.write(statement, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static String csv(Statement statement) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter.write(statement, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
