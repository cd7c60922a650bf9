package io.govclear.funds.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.support.AgentBank;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bank statement readers: both formats read alike, and every malformed file is refused with where it is wrong. */
class BankStatementReaderTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 2);
    private static final List<AgentBank.Entry> ENTRIES = List.of(
            AgentBank.Entry.credit(40_500, "STL-ALIPAY-20261201", "B1"),
            new AgentBank.Entry(false, 95_000, "GC2026120100001", "B2", "国库", "100000", "缴库", null),
            new AgentBank.Entry(true, 1_200, "GC2026112900002", "B3", "某银行", "622200", "退汇", "AC04"),
            new AgentBank.Entry(true, 3_300, null, "B4", "张三", "6222020200112233445", "=SUM(A1)", null));

    @Test
    void bothFormatsGiveTheSameEntriesAndBalances() {
        List<BankEntry> camt = read(AgentBank.camt053(DAY, -12_30, ENTRIES), BankStatementFormat.CAMT053);
        List<BankEntry> csv = read(AgentBank.csv(DAY, -12_30, ENTRIES), BankStatementFormat.CSV);
        assertThat(camt).isEqualTo(csv).hasSize(4);
        assertThat(camt.get(0).reference()).isEqualTo("STL-ALIPAY-20261201");
        assertThat(camt.get(1).direction()).isEqualTo(Direction.DEBIT);
        assertThat(camt.get(1).counterpartyName()).isEqualTo("国库");
        assertThat(camt.get(2).returnReason()).isEqualTo("AC04");
        assertThat(camt.get(3).reference()).isNull();
        try (BankStatementReader r = BankStatementReader.open(in(AgentBank.csv(DAY, -12_30, ENTRIES)),
                BankStatementFormat.CSV)) {
            assertThat(r.header()).isEqualTo(new BankStatementHeader(AgentBank.ACCOUNT, "CNY", DAY, -12_30));
            while (r.next() != null) {
                // read to the end
            }
            assertThat(r.closingFen()).isEqualTo(AgentBank.closing(-12_30, ENTRIES));
        }
    }

    @Test
    void malformedStatementsAreRefusedWithWhereTheyAreWrong() {
        String camt = new String(AgentBank.camt053(DAY, 0, ENTRIES), StandardCharsets.UTF_8);
        refused(camt.replace("<Amt Ccy=\"CNY\">405.00</Amt>", "<Amt Ccy=\"CNY\">405.001</Amt>"),
                BankStatementFormat.CAMT053, "/Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt");
        refused(camt.replace("<AcctSvcrRef>B2</AcctSvcrRef>", "<AcctSvcrRef>B1</AcctSvcrRef>"),
                BankStatementFormat.CAMT053, "/Document/BkToCstmrStmt/Stmt/Ntry[2]");
        refused(camt.replace("<Amt Ccy=\"CNY\">950.00</Amt>", "<Amt Ccy=\"CNY\">950.01</Amt>"),
                BankStatementFormat.CAMT053, "/Document/BkToCstmrStmt/Stmt/Bal");
        refused(camt.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"),
                BankStatementFormat.CAMT053, "/");
        refused(camt.replace("camt.053.001.08", "camt.052.001.08"), BankStatementFormat.CAMT053, "/");
        refused(camt.substring(0, camt.length() / 2), BankStatementFormat.CAMT053, "/Document");
        refused(camt.replace("<Dt>2026-12-02</Dt></BookgDt>", "<Dt>2026-12-03</Dt></BookgDt>"),
                BankStatementFormat.CAMT053, "/Document/BkToCstmrStmt/Stmt/Ntry[1]");
        String csv = new String(AgentBank.csv(DAY, 0, ENTRIES), StandardCharsets.UTF_8);
        refused(csv.replace(",405.00,405.00,", ",405.00,405.01,"), BankStatementFormat.CSV, "line 7");
        refused(csv.replace("期末余额,-", "期末余额,"), BankStatementFormat.CSV, "line 11");
        refused(csv.replace("币种,CNY", "币种,USD"), BankStatementFormat.CSV, "line 5");
        refused(csv.replace("退汇原因", "备注"), BankStatementFormat.CSV, "line 6");
        byte[] latin = csv.getBytes(StandardCharsets.UTF_8);
        latin[20] = (byte) 0xff;
        assertThatThrownBy(() -> read(latin, BankStatementFormat.CSV)).isInstanceOf(BankStatementException.class);
    }

    @Test
    void twoHundredThousandEntriesAreReadStreaming() {
        int n = 200_000;
        byte[] one = AgentBank.camt053(DAY, 0, List.of(AgentBank.Entry.credit(100, "X", "B0")));
        String whole = new String(one, StandardCharsets.UTF_8);
        int start = whole.indexOf("<Ntry>");
        int end = whole.lastIndexOf("</Ntry>") + "</Ntry>".length();
        String head = whole.substring(0, start).replace("<Amt Ccy=\"CNY\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt>",
                "<Amt Ccy=\"CNY\">" + n + ".00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt>");
        String entry = whole.substring(start, end);
        String tail = whole.substring(end);
        InputStream in = new SequenceInputStream(java.util.Collections.enumeration(new java.util.AbstractList<InputStream>() {
            @Override
            public InputStream get(int i) {
                return in(i == 0 ? head : i == n + 1 ? tail : entry.replace("<AcctSvcrRef>B0<", "<AcctSvcrRef>B" + i + "<"));
            }

            @Override
            public int size() {
                return n + 2;
            }
        }));
        long started = System.nanoTime();
        int count = 0;
        try (BankStatementReader r = BankStatementReader.open(in, BankStatementFormat.CAMT053)) {
            while (r.next() != null) {
                count++;
            }
            assertThat(r.closingFen()).isEqualTo(n * 100L);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("camt.053: %,d entries in %.1f s (%,.0f entries/s)%n", count, seconds, count / seconds);
        assertThat(count).isEqualTo(n);
        assertThat(seconds).isLessThan(20);
    }

    private static void refused(String file, BankStatementFormat format, String location) {
        assertThatThrownBy(() -> read(file.getBytes(StandardCharsets.UTF_8), format))
                .isInstanceOf(BankStatementException.class)
                .satisfies(e -> assertThat(((BankStatementException) e).location()).startsWith(location));
    }

    private static List<BankEntry> read(byte[] file, BankStatementFormat format) {
        List<BankEntry> entries = new ArrayList<>();
        try (BankStatementReader r = BankStatementReader.open(in(file), format)) {
            BankEntry e;
            while ((e = r.next()) != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static InputStream in(String text) {
        return in(text.getBytes(StandardCharsets.UTF_8));
    }
}
