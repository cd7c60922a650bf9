package io.govclear.catalog.bulk;

import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.bulk.CatalogFileException.Reason;
import java.util.List;
import java.util.Locale;

/**
 * The catalog's bulk files: collecting units and charge items read from an uploaded CSV or XLSX file into drafts, with
 * every error located by sheet, row and column; and the catalog written back in exactly the layout that is read.
 *
 * <p>Layout: the header row names the columns, exactly as the drafts' fields are named, in any order ({@code units}:
 * code, name, regionCode, allowedChannels, settlementAccount, webhookUrl; {@code items}: unitCode, code, name,
 * category, incomeClassification, amountStandard, fixedAmountFen, minAmountFen, maxAmountFen, lateFeeRule,
 * lateFeeBpPerDay, lateFeeCapped, destination, shareCentralBp, shareProvinceBp, shareCityBp, shareCountyBp,
 * shareUnitBp, effectiveFrom). webhookUrl and the three amounts may be left out of the header; every other column is
 * required. Amounts are whole fen, shares and late fees whole basis points, {@code allowedChannels} channel names
 * separated by {@code ,} or {@code |}, booleans {@code true}/{@code false}, dates yyyy-MM-dd (or a date cell). An
 * empty cell is null. A workbook has a {@code units} and an {@code items} sheet (either may be absent); a CSV file
 * holds one kind, told by its header (an items file has a {@code unitCode} column).
 */
public final class CatalogFiles {

    /** The largest file read: 10 MB. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    /** The most data rows of one sheet or CSV file. */
    public static final int MAX_ROWS = SheetReader.MAX_ROWS;
    /** The longest cell, in characters. */
    public static final int MAX_CELL_CHARS = Column.MAX_CELL_CHARS;

    private CatalogFiles() {
    }

    /**
     * The drafts and errors of an uploaded file, its format told by the file name's extension: {@code .xlsx} or
     * {@code .csv} (any case). The whole content is given, so the caller bounds the upload (at {@link #MAX_BYTES}).
     *
     * @throws CatalogFileException when the file is refused as a whole (and never any other exception)
     */
    public static Parsed read(byte[] content, String filename) {
        String name = filename == null ? "" : filename.strip().toLowerCase(Locale.ROOT);
        boolean xlsx = name.endsWith(".xlsx");
        if (!xlsx && !name.endsWith(".csv")) {
            throw new CatalogFileException(Reason.UNKNOWN_FORMAT, "the file must be a .csv or an .xlsx file");
        }
        if (content == null) {
            throw new CatalogFileException(Reason.EMPTY, "the file is empty");
        }
        if (content.length > MAX_BYTES) {
            throw new CatalogFileException(Reason.TOO_LARGE,
                    "the file is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        try {
            return xlsx ? XlsxFormat.read(content) : CsvFormat.read(content);
        } catch (CatalogFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CatalogFileException(xlsx ? Reason.NOT_A_WORKBOOK : Reason.MALFORMED_CSV,
                    "the file cannot be read: " + e.getMessage(), e);
        }
    }

    /** The units and items as an XLSX workbook with a {@code units} and an {@code items} sheet. */
    public static byte[] writeXlsx(List<UnitDraft> units, List<ItemDraft> items) {
        return XlsxFormat.write(units, items);
    }

    /** The units as a CSV file (UTF-8 with a BOM, CRLF), texts a spreadsheet would take for a formula quoted with '. */
    public static byte[] writeUnitsCsv(List<UnitDraft> units) {
        return CsvFormat.write(Layout.UNITS, units);
    }

    /** The items as a CSV file, written as {@link #writeUnitsCsv} writes units. */
    public static byte[] writeItemsCsv(List<ItemDraft> items) {
        return CsvFormat.write(Layout.ITEMS, items);
    }
}
