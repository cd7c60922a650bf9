package io.govclear.funds.statement;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * The bank's CSV account detail (账户交易明细): five header lines (账号, 户名, 币种, 日期, 期初余额), the column line, one
 * line per entry with its running balance, and the 期末余额 line. Strict UTF-8 (a BOM allowed), RFC 4180 quoting; a
 * text cell's one leading {@code '} (a spreadsheet's formula guard) is dropped.
 */
final class CsvSource implements BankStatementReader.Source {

    static final List<String> COLUMNS = List.of("交易日期", "交易时间", "借方发生额", "贷方发生额", "余额", "对方户名",
            "对方账号", "摘要", "业务参考号", "银行流水号", "退汇原因");
    private static final List<String> HEADER = List.of("账号", "户名", "币种", "日期", "期初余额");
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS).build();

    private final MappingIterator<List<String>> lines;
    private final Checked checked = new Checked();
    private final BankStatementHeader header;
    private int line;
    private Long closing;

    CsvSource(InputStream in) {
        Reader reader = new InputStreamReader(new Bom(in), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try {
            lines = CSV.readerForListOf(String.class).readValues(reader);
        } catch (IOException e) {
            throw new BankStatementException("line 1", "not a CSV file: " + e.getMessage(), e);
        }
        String[] values = new String[HEADER.size()];
        for (int i = 0; i < HEADER.size(); i++) {
            List<String> cells = nextLine();
            if (cells == null || cells.size() < 2 || !HEADER.get(i).equals(strip(cells.get(0)))) {
                throw new BankStatementException(at(), "expected the line " + HEADER.get(i) + ",…");
            }
            values[i] = cells.get(1);
        }
        header = checked.header(at(), new BankStatementHeader(values[0], values[2], Checked.date("line 4", values[3]),
                Checked.fen("line 5", values[4], true)));
        List<String> columns = nextLine();
        if (columns == null || !COLUMNS.equals(columns.stream().map(CsvSource::strip).toList())) {
            throw new BankStatementException(at(), "the column line must be " + String.join(",", COLUMNS));
        }
    }

    @Override
    public BankStatementHeader header() {
        return header;
    }

    @Override
    public BankEntry next() {
        if (closing != null) {
            return null;
        }
        List<String> cells = nextLine();
        if (cells == null) {
            throw new BankStatementException(at(), "the file ends without its 期末余额 line");
        }
        String where = at();
        if (!cells.isEmpty() && "期末余额".equals(strip(cells.get(0)))) {
            long fen = Checked.fen(where, cells.size() > 1 ? cells.get(1) : "", true);
            checked.closing(where, fen);
            closing = fen;
            if (nextLine() != null) {
                throw new BankStatementException(at(), "nothing may follow the 期末余额 line");
            }
            return null;
        }
        if (cells.size() != COLUMNS.size()) {
            throw new BankStatementException(where, "an entry has " + COLUMNS.size() + " cells, not " + cells.size());
        }
        String debit = cells.get(2).strip();
        String credit = cells.get(3).strip();
        if (debit.isEmpty() == credit.isEmpty()) {
            throw new BankStatementException(where, "exactly one of 借方发生额 and 贷方发生额 is filled");
        }
        LocalDate booked = Checked.date(where, cells.get(0));
        BankEntry e = checked.entry(where, new BankEntry(checked.entries() + 1, booked, booked,
                debit.isEmpty() ? Direction.CREDIT : Direction.DEBIT,
                Checked.fen(where, debit.isEmpty() ? credit : debit, false),
                Checked.text(where, unguard(cells.get(8)), Checked.MAX_REFERENCE),
                Checked.required(where, unguard(cells.get(9)), Checked.MAX_REFERENCE),
                Checked.text(where, unguard(cells.get(5)), Checked.MAX_TEXT),
                Checked.text(where, unguard(cells.get(6)), Checked.MAX_TEXT),
                Checked.text(where, unguard(cells.get(7)), Checked.MAX_TEXT),
                Checked.text(where, unguard(cells.get(10)), 4)));
        long balance = Checked.fen(where, cells.get(4), true);
        if (balance != checked.balance()) {
            throw new BankStatementException(where, "the running balance " + balance + " fen is not the previous"
                    + " balance with this entry (" + checked.balance() + " fen)");
        }
        return e;
    }

    @Override
    public long closing() {
        return closing;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    private List<String> nextLine() {
        try {
            while (lines.hasNextValue()) {
                line++;
                List<String> cells = lines.nextValue();
                if (!(cells.size() == 1 && cells.get(0).isBlank())) {
                    return cells;
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            throw new BankStatementException("line " + (line + 1), "not readable as UTF-8 CSV: " + e.getMessage(), e);
        }
    }

    private String at() {
        return "line " + line;
    }

    private static String strip(String cell) {
        return cell == null ? "" : cell.strip();
    }

    private static String unguard(String cell) {
        return cell != null && cell.startsWith("'") ? cell.substring(1) : cell;
    }

    /** Skips a UTF-8 byte order mark. */
    private static final class Bom extends java.io.PushbackInputStream {
        Bom(InputStream in) {
            super(in, 3);
            try {
                byte[] head = readNBytes(3);
                if (!(head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB
                        && (head[2] & 0xff) == 0xBF)) {
                    unread(head);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
