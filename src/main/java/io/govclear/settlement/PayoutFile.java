package io.govclear.settlement;

import io.govclear.common.Yuan;
import io.govclear.settlement.SettlementRepository.PayoutPart;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payout instructions of a batch, modelled on the treasury deposit voucher (缴款书): one voucher per destination
 * account and budget level, with a header carrying its sum and detail lines that add up to it. Each split part of a
 * line goes to:
 * <ul>
 * <li>a budget level of a TREASURY item: the treasury of that level, {@code TREASURY} with the treasury code
 * (central {@code 100000}; province, city, county: the unit's region code cut to 2, 4, 6 digits and padded);</li>
 * <li>a budget level of a FISCAL_SPECIAL_ACCOUNT item: that level's fiscal special account, code {@code FSA} + the
 * treasury code;</li>
 * <li>the unit's retained share: the unit's own settlement account ({@code UNIT_ACCOUNT}).</li>
 * </ul>
 * File format (UTF-8, LF, fields separated by {@code |}, a {@code |} in a name replaced by {@code /}):
 * <pre>
 * H|voucherNo|voucherDate(yyyyMMdd)|destination|treasuryCodeOrAccount|level|lineCount|sumFen
 * D|voucherNo|lineNo|incomeClassificationCode|incomeName(item name)|amountFen|itemCode|unitCode|unitName
 * T|businessDate|issueNo|voucherCount|totalFen
 * </pre>
 * The voucher number is {@code GC} + the business date + a 5-digit sequence (15 bytes, at most 20). A voucher whose
 * total is not positive is invalid and left out (a zero one has nothing to pay; a negative one, refunds above the
 * day's takings for that account, is owed back and is a matter for finance, not a payout).
 */
final class PayoutFile {

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    /** One voucher with its detail lines. */
    record Voucher(String number, String destination, String account, String level, List<PayoutPart> lines,
            long sumFen) {
    }

    private PayoutFile() {
    }

    static List<Voucher> vouchers(LocalDate date, List<PayoutPart> parts) {
        Map<String, List<PayoutPart>> grouped = new LinkedHashMap<>();
        for (PayoutPart p : parts) {
            grouped.computeIfAbsent(destination(p) + "|" + account(p) + "|" + p.level(), k -> new ArrayList<>())
                    .add(p);
        }
        List<Voucher> vouchers = new ArrayList<>();
        for (List<PayoutPart> lines : grouped.values()) {
            long sum = lines.stream().mapToLong(PayoutPart::amountFen).sum();
            if (sum > 0) {
                PayoutPart first = lines.get(0);
                String number = "GC" + date.format(DATE) + String.format("%05d", vouchers.size() + 1);
                vouchers.add(new Voucher(number, destination(first), account(first), first.level(), lines, sum));
            }
        }
        return vouchers;
    }

    static String render(LocalDate date, int issueNo, List<Voucher> vouchers) {
        StringBuilder out = new StringBuilder();
        long total = 0;
        for (Voucher v : vouchers) {
            out.append(String.join("|", "H", v.number(), date.format(DATE), v.destination(), v.account(), v.level(),
                    Integer.toString(v.lines().size()), Long.toString(v.sumFen()))).append('\n');
            int n = 0;
            for (PayoutPart p : v.lines()) {
                out.append(String.join("|", "D", v.number(), Integer.toString(++n), clean(p.incomeClassification()),
                        clean(p.itemName()), Long.toString(p.amountFen()), p.itemCode(), p.unitCode(),
                        clean(p.unitName()))).append('\n');
            }
            total += v.sumFen();
        }
        out.append(String.join("|", "T", date.toString(), Integer.toString(issueNo),
                Integer.toString(vouchers.size()), Long.toString(total))).append('\n');
        return out.toString();
    }

    /** The same for people: CSV, UTF-8 with a byte-order mark, CRLF, amounts in yuan. */
    static String csv(LocalDate date, List<Voucher> vouchers) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        csv.append("缴款书号,日期,去向,国库代码/账户,预算级次,收入分类科目,项目名称,项目编码,执收单位编码,执收单位,金额（元）\r\n");
        for (Voucher v : vouchers) {
            for (PayoutPart p : v.lines()) {
                csv.append(String.join(",", v.number(), date.toString(), v.destination(), quote(v.account()),
                        v.level(), quote(p.incomeClassification()), quote(p.itemName()), quote(p.itemCode()),
                        quote(p.unitCode()), quote(p.unitName()), Yuan.format(p.amountFen()))).append("\r\n");
            }
            csv.append(String.join(",", v.number(), date.toString(), v.destination(), quote(v.account()), v.level(),
                    "", "\"合计\"", "", "", "", Yuan.format(v.sumFen()))).append("\r\n");
        }
        return csv.toString();
    }

    static String destination(PayoutPart p) {
        return p.level().equals("UNIT") ? "UNIT_ACCOUNT" : p.destination();
    }

    static String account(PayoutPart p) {
        if (p.level().equals("UNIT")) {
            return p.settlementAccount();
        }
        String treasury = treasuryCode(p.level(), p.regionCode());
        return p.destination().equals("TREASURY") ? treasury : "FSA" + treasury;
    }

    /** The treasury of a budget level for a unit in {@code region} (6-digit 行政区划 code). */
    static String treasuryCode(String level, String region) {
        return switch (level) {
            case "CENTRAL" -> "100000";
            case "PROVINCE" -> region.substring(0, 2) + "0000";
            case "CITY" -> region.substring(0, 4) + "00";
            case "COUNTY" -> region;
            default -> throw new IllegalArgumentException("no treasury for " + level);
        };
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace('|', '/').replace('\n', ' ').replace('\r', ' ');
    }

    /** Quoted; a text starting with = + - @ gets a leading apostrophe so a spreadsheet never runs it. */
    private static String quote(String text) {
        String t = text == null ? "" : text;
        if (!t.isEmpty() && "=+-@".indexOf(t.charAt(0)) >= 0) {
            t = "'" + t;
        }
        return "\"" + t.replace("\"", "\"\"") + "\"";
    }
}
