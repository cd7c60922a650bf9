package io.govclear.simulator.agentbank;

import io.govclear.simulator.Yuan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The statement as the bank's CSV account detail (账户交易明细), streamed line by line in exactly the layout of the
 * engine's CSV reader and its test helper {@code AgentBank.csv}: UTF-8 with a byte-order mark, CRLF; five header
 * lines (账号, 户名, 币种, 日期, 期初余额), the column line, one line per entry (time 10:00:00, the debit or the credit
 * column filled, the running balance), then the 期末余额 line. A text holding a comma or a quote is quoted as RFC 4180
 * says; one starting with = + - @ or ' gets a leading ' (the spreadsheet formula guard the reader takes off again).
 */
final class CsvWriter {

    static final String COLUMNS = "交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,对方账号,摘要,业务参考号,银行流水号,退汇原因";
    private static final String CRLF = "\r\n";

    private CsvWriter() {
    }

    static void write(Statement statement, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write('\uFEFF');
        w.write("账号," + statement.account() + CRLF);
        w.write("户名," + statement.accountName() + CRLF);
        w.write("币种,CNY" + CRLF);
        w.write("日期," + statement.date() + CRLF);
        w.write("期初余额," + Yuan.format(statement.openingFen()) + CRLF);
        w.write(COLUMNS + CRLF);
        long balance = statement.openingFen();
        for (AccountEntry e : statement.entries()) {
            balance += e.signedFen();
            String amount = Yuan.format(e.amountFen());
            w.write(String.join(",", statement.date().toString(), "10:00:00", e.credit() ? "" : amount,
                    e.credit() ? amount : "", Yuan.format(balance), cell(e.counterparty()),
                    cell(e.counterpartyAccount()), cell(e.remittance()), cell(e.reference()),
                    cell(e.bankReference()), cell(e.returnReason())));
            w.write(CRLF);
        }
        w.write("期末余额," + Yuan.format(balance) + CRLF);
        w.flush();
    }

    /** A text cell: empty for none, guarded and quoted where it must be. */
    static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String t = "=+-@'".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        return t.contains(",") || t.contains("\"") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }
}
