package io.govclear.report;

import io.govclear.common.Csv;
import io.govclear.common.Yuan;
import io.govclear.report.RevenueReport.Line;
import io.govclear.report.RevenueReport.Query;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A revenue report downloaded whole, streamed page by page as it is read: CSV (UTF-8 with BOM, amounts in yuan), or
 * XLSX written by fastexcel straight to the response (numbers in yuan with two decimals, a title row, the header
 * frozen, a totals row). Either way the heap stays flat however long the range.
 * Text that a spreadsheet would take for a formula is written with a leading quote.
 */
public final class RevenueExport {

    private static final int MAX_ROWS = 1_048_576;

    private RevenueExport() {
    }

    public static String filename(Query q, String extension) {
        return "revenue-" + q.from() + (q.to().equals(q.from()) ? "" : "_" + q.to()) + "." + extension;
    }

    /** The CSV, read page by page from {@code pages} as it is written (call on a worker thread). */
    public static Response csv(Query q, Iterable<List<Line>> pages) {
        StreamingOutput body = out -> {
            out.write(Csv.BOM);
            out.write(Csv.row(RevenueReport.header(q).toArray(String[]::new)).getBytes(StandardCharsets.UTF_8));
            for (List<Line> page : pages) {
                StringBuilder chunk = new StringBuilder(page.size() * 120);
                for (Line l : page) {
                    List<String> fields = new ArrayList<>();
                    RevenueReport.keys(q, l).forEach(k -> fields.add(safe(k)));
                    for (long fen : RevenueReport.amounts(q, l)) {
                        fields.add(Yuan.format(fen));
                    }
                    chunk.append(Csv.row(fields.toArray(String[]::new)));
                }
                out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
            }
        };
        return Response.ok(body).type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename(q, "csv") + "\"").build();
    }

    /**
     * The workbook, written to the response as {@code pages} are read (call on a worker thread): rows go out a page at
     * a time, so the heap holds a page, whatever the range.
     */
    public static Response xlsx(Query q, String title, Iterable<List<Line>> pages, RevenueReport.Totals totals) {
        List<String> header = RevenueReport.header(q);
        int keys = header.size() - (q.byLevel() ? 1 : 5);
        StreamingOutput body = out -> {
            Workbook workbook = new Workbook(out, "GovClear", "1.0");
            int number = 1;
            Worksheet sheet = sheet(workbook, number, title, header, keys);
            int r = 2;
            for (List<Line> page : pages) {
                for (Line l : page) {
                    if (r == MAX_ROWS - 1) {
                        // a sheet holds 1,048,576 rows (the last kept for the totals): a year of daily rows of
                        // every unit goes on in the next
                        sheet.finish();
                        sheet = sheet(workbook, ++number, title, header, keys);
                        r = 2;
                    }
                    List<String> k = RevenueReport.keys(q, l);
                    for (int i = 0; i < k.size(); i++) {
                        sheet.value(r, i, safe(k.get(i)));
                    }
                    long[] amounts = RevenueReport.amounts(q, l);
                    for (int i = 0; i < amounts.length; i++) {
                        sheet.value(r, keys + i, amounts[i] / 100.0);
                    }
                    r++;
                }
                sheet.flush();
            }
            sheet.value(r, 0, "合计");
            long[] all = q.byLevel() ? new long[] { totals.netFen() } : new long[] { totals.grossFen(),
                totals.lateFeeFen(), totals.refundFen(), totals.feeFen(), totals.netFen() };
            for (int i = 0; i < all.length; i++) {
                sheet.value(r, keys + i, all[i] / 100.0);
            }
            sheet.range(r, 0, r, keys + all.length - 1).style().bold().set();
            workbook.finish();
        };
        return Response.ok(body)
                .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header("Content-Disposition", "attachment; filename=\"" + filename(q, "xlsx") + "\"").build();
    }

    /** A sheet with the title, the header (bold, frozen) and its amount columns in yuan with two decimals. */
    private static Worksheet sheet(Workbook workbook, int number, String title, List<String> header, int keys) {
        Worksheet sheet = workbook.newWorksheet(number == 1 ? "收入报表" : "收入报表 (" + number + ")");
        sheet.value(0, 0, title);
        for (int i = 0; i < header.size(); i++) {
            sheet.value(1, i, header.get(i));
            sheet.width(i, 16);
            if (i >= keys) {
                sheet.style(i).format("#,##0.00").set();
            }
        }
        sheet.range(1, 0, 1, header.size() - 1).style().bold().set();
        sheet.freezePane(0, 2);
        return sheet;
    }

    /** A text a spreadsheet would run as a formula, quoted. */
    static String safe(String text) {
        return text == null || text.isEmpty() || "=+-@".indexOf(text.charAt(0)) < 0 ? text : "'" + text;
    }
}
