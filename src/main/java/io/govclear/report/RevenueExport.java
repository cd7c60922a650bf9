package io.govclear.report;

import io.govclear.common.Csv;
import io.govclear.common.Yuan;
import io.govclear.report.RevenueReport.Line;
import io.govclear.report.RevenueReport.Query;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A revenue report downloaded whole: CSV (UTF-8 with BOM, amounts in yuan) streamed page by page, or XLSX written
 * with POI's streaming SXSSF (a window of 100 rows in memory, the rest in its temporary file) as numbers in yuan with
 * two decimals, a title row, the header frozen, a totals row. Either way the heap stays flat however long the range.
 * Text that a spreadsheet would take for a formula is written with a leading quote.
 */
public final class RevenueExport {

    private static final int WINDOW = 100;
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
     * The workbook, filled from {@code pages} (read here: call on a worker thread) into SXSSF's temporary file, and
     * written to the response as it is sent.
     */
    public static Response xlsx(Query q, String title, Iterable<List<Line>> pages, RevenueReport.Totals totals) {
        SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        workbook.setCompressTempFiles(true);
        try {
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle strong = workbook.createCellStyle();
            strong.setFont(bold);
            CellStyle yuan = workbook.createCellStyle();
            yuan.setDataFormat(workbook.createDataFormat().getFormat("#,##0.00"));
            CellStyle strongYuan = workbook.createCellStyle();
            strongYuan.cloneStyleFrom(yuan);
            strongYuan.setFont(bold);
            List<String> header = RevenueReport.header(q);
            int keys = header.size() - (q.byLevel() ? 1 : 5);
            Sheet sheet = sheet(workbook, 1, title, header, strong);
            int r = 2;
            for (List<Line> page : pages) {
                for (Line l : page) {
                    if (r == MAX_ROWS - 1) {
                        // a sheet holds 1,048,576 rows (the last kept for the totals): a year of daily rows of
                        // every unit goes on in the next
                        sheet = sheet(workbook, workbook.getNumberOfSheets() + 1, title, header, strong);
                        r = 2;
                    }
                    Row row = sheet.createRow(r++);
                    List<String> k = RevenueReport.keys(q, l);
                    for (int i = 0; i < k.size(); i++) {
                        row.createCell(i).setCellValue(safe(k.get(i)));
                    }
                    long[] amounts = RevenueReport.amounts(q, l);
                    for (int i = 0; i < amounts.length; i++) {
                        row.createCell(keys + i).setCellValue(amounts[i] / 100.0);
                        row.getCell(keys + i).setCellStyle(yuan);
                    }
                }
            }
            Row sum = sheet.createRow(r);
            sum.createCell(0).setCellValue("合计");
            sum.getCell(0).setCellStyle(strong);
            long[] all = q.byLevel() ? new long[] { totals.netFen() } : new long[] { totals.grossFen(),
                totals.lateFeeFen(), totals.refundFen(), totals.feeFen(), totals.netFen() };
            for (int i = 0; i < all.length; i++) {
                sum.createCell(keys + i).setCellValue(all[i] / 100.0);
                sum.getCell(keys + i).setCellStyle(strongYuan);
            }
        } catch (RuntimeException e) {
            workbook.dispose();
            throw e;
        }
        StreamingOutput body = out -> {
            try {
                workbook.write(out);
            } finally {
                workbook.dispose();
            }
        };
        return Response.ok(body)
                .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header("Content-Disposition", "attachment; filename=\"" + filename(q, "xlsx") + "\"").build();
    }

    private static Sheet sheet(SXSSFWorkbook workbook, int number, String title, List<String> header,
            CellStyle strong) {
        Sheet sheet = workbook.createSheet(number == 1 ? "收入报表" : "收入报表 (" + number + ")");
        sheet.createRow(0).createCell(0).setCellValue(title);
        Row head = sheet.createRow(1);
        for (int i = 0; i < header.size(); i++) {
            head.createCell(i).setCellValue(header.get(i));
            head.getCell(i).setCellStyle(strong);
            sheet.setColumnWidth(i, 16 * 256);
        }
        sheet.createFreezePane(0, 2);
        return sheet;
    }

    /** A text a spreadsheet would run as a formula, quoted. */
    static String safe(String text) {
        return text == null || text.isEmpty() || "=+-@".indexOf(text.charAt(0)) < 0 ? text : "'" + text;
    }
}
