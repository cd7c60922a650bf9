package io.govclear.simulator.payout;

import io.govclear.simulator.SimProblem;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The engine's payout file as the payout bank reads it before paying anything (the format of the engine's
 * {@code PayoutFile}: UTF-8, LF, fields split by {@code |}):
 * <pre>
 * H|voucherNo|voucherDate(yyyyMMdd)|destination|treasuryCodeOrAccount|level|lineCount|sumFen
 * D|voucherNo|lineNo|incomeClassificationCode|incomeName|amountFen|itemCode|unitCode|unitName
 * T|businessDate|issueNo|voucherCount|totalFen
 * </pre>
 * Each voucher's D lines follow its H, numbered from 1, and add up to its sum (positive); the one T line ends the file,
 * names the business date and issue it was told, counts the vouchers and adds up their sums. A file that breaks any
 * of this is refused with a problem naming the line, and nothing is paid.
 */
final class PayoutFile {

    /** One voucher of the file: the payee (destination and its treasury code or account) and the sum to pay. */
    record Voucher(String voucherNo, String destination, String account, String level, long sumFen) {
    }

    private static final DateTimeFormatter H_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern VOUCHER_NO = Pattern.compile("[0-9A-Za-z]{1,20}");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,31}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Za-z]{1,34}");
    private static final int MAX_LINES = 200_000;

    private PayoutFile() {
    }

    /** The vouchers of a file told for this business date and issue, or a 400 problem naming the line. */
    static List<Voucher> parse(String text, LocalDate businessDate, int issueNo) {
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        if (count > MAX_LINES) {
            throw refused(MAX_LINES + 1, "a payout file has at most " + MAX_LINES + " lines");
        }
        List<Voucher> vouchers = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        Voucher open = null;
        int openLine = 0;
        int expectedLines = 0;
        int seenLines = 0;
        long seenFen = 0;
        for (int i = 0; i < count; i++) {
            int n = i + 1;
            String line = lines[i];
            String[] f = line.split("\\|", -1);
            switch (f[0]) {
                case "H" -> {
                    close(open, openLine, expectedLines, seenLines, seenFen);
                    fields(f, 8, n, "H|voucherNo|yyyyMMdd|destination|treasuryCodeOrAccount|level|lineCount|sumFen");
                    if (!VOUCHER_NO.matcher(f[1]).matches()) {
                        throw refused(n, "the voucher number must be 1–20 letters or digits");
                    }
                    if (!numbers.add(f[1])) {
                        throw refused(n, "voucher " + f[1] + " appears twice");
                    }
                    try {
                        LocalDate.parse(f[2], H_DATE);
                    } catch (DateTimeParseException e) {
                        throw refused(n, "the voucher date must be yyyyMMdd");
                    }
                    if (!CODE.matcher(f[3]).matches()) {
                        throw refused(n, "the destination must be a code like TREASURY");
                    }
                    if (!ACCOUNT.matcher(f[4]).matches()) {
                        throw refused(n, "the treasury code or account must be 1–34 letters or digits");
                    }
                    if (!CODE.matcher(f[5]).matches()) {
                        throw refused(n, "the budget level must be a code like PROVINCE");
                    }
                    expectedLines = (int) number(f[6], n, "lineCount");
                    long sum = number(f[7], n, "sumFen");
                    if (expectedLines < 1 || sum < 1) {
                        throw refused(n, "a voucher has at least one line and a positive sum");
                    }
                    open = new Voucher(f[1], f[3], f[4], f[5], sum);
                    openLine = n;
                    seenLines = 0;
                    seenFen = 0;
                    vouchers.add(open);
                }
                case "D" -> {
                    fields(f, 9, n, "D|voucherNo|lineNo|incomeClassificationCode|incomeName|amountFen|itemCode"
                            + "|unitCode|unitName");
                    if (open == null || !open.voucherNo().equals(f[1])) {
                        throw refused(n, "a D line must follow the H line of its voucher " + f[1]);
                    }
                    if (number(f[2], n, "lineNo") != seenLines + 1) {
                        throw refused(n, "line number " + f[2] + " of voucher " + f[1] + " is out of order");
                    }
                    seenLines++;
                    seenFen = Math.addExact(seenFen, signed(f[5], n));
                }
                case "T" -> {
                    close(open, openLine, expectedLines, seenLines, seenFen);
                    fields(f, 5, n, "T|businessDate|issueNo|voucherCount|totalFen");
                    if (!f[1].equals(businessDate.toString())) {
                        throw refused(n, "the file is of " + f[1] + ", not of " + businessDate);
                    }
                    if (number(f[2], n, "issueNo") != issueNo) {
                        throw refused(n, "the file is issue " + f[2] + ", not issue " + issueNo);
                    }
                    if (number(f[3], n, "voucherCount") != vouchers.size()) {
                        throw refused(n, "the file counts " + f[3] + " vouchers but holds " + vouchers.size());
                    }
                    long total = vouchers.stream().mapToLong(Voucher::sumFen).sum();
                    if (number(f[4], n, "totalFen") != total) {
                        throw refused(n, "the total " + f[4] + " is not the vouchers' sum " + total);
                    }
                    if (n != count) {
                        throw refused(n + 1, "nothing may follow the T line");
                    }
                    return List.copyOf(vouchers);
                }
                default -> throw refused(n, "a line starts with H, D or T");
            }
        }
        throw refused(count + 1, "the file ends without its T line");
    }

    private static void close(Voucher open, int line, int expectedLines, int seenLines, long seenFen) {
        if (open == null) {
            return;
        }
        if (seenLines != expectedLines) {
            throw refused(line, "voucher " + open.voucherNo() + " announces " + expectedLines + " lines but has "
                    + seenLines);
        }
        if (seenFen != open.sumFen()) {
            throw refused(line, "the D lines of voucher " + open.voucherNo() + " add up to " + seenFen
                    + " fen, not its sum " + open.sumFen());
        }
    }

    private static void fields(String[] f, int expected, int line, String layout) {
        if (f.length != expected) {
            throw refused(line, "has " + f.length + " fields, not " + expected + " (" + layout + ")");
        }
    }

    private static long number(String text, int line, String field) {
        if (!text.matches("[0-9]{1,15}")) {
            throw refused(line, field + " must be a whole number, not '" + shorten(text) + "'");
        }
        return Long.parseLong(text);
    }

    /** A detail line's amount: a refund taken off the day's takings may make one negative. */
    private static long signed(String text, int line) {
        if (!text.matches("-?[0-9]{1,15}")) {
            throw refused(line, "amountFen must be a whole number of fen, not '" + shorten(text) + "'");
        }
        return Long.parseLong(text);
    }

    private static SimProblem refused(int line, String detail) {
        return SimProblem.badRequest("PAYOUT_FILE_INVALID", "line " + line + ": " + detail);
    }

    private static String shorten(String text) {
        return text.length() > 30 ? text.substring(0, 30) + "…" : text;
    }
}
