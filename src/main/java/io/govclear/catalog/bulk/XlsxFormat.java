package io.govclear.catalog.bulk;

import io.govclear.common.ProblemException.CellError;
import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.bulk.CatalogFileException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.poi.ooxml.POIXMLTypeLoader;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTWorkbookPr;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.WorkbookDocument;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * XLSX workbooks with a {@code units} and an {@code items} sheet (either may be absent; other sheets are ignored; the
 * names are matched ignoring case, as Excel does). Sheets are read as a stream of SAX events, so a large sheet is never
 * held as a tree; cells are read by what they hold (a text, a number, a boolean, a date-formatted number), and a
 * formula or an error value is the cell's error. Written with POI's streaming {@link SXSSFWorkbook}: texts as string
 * cells (never formulas), numbers and booleans as such, dates as date cells.
 *
 * <p>Zip bombs are refused twice: the whole workbook may inflate to at most {@link #MAX_INFLATED} bytes (counted before
 * POI opens it, with the zip reader POI itself uses), and POI's {@link ZipSecureFile} limits, set here for the whole
 * JVM, refuse a part inflating more than 100-fold, a part over {@link #MAX_INFLATED} and more than {@link #MAX_PARTS}
 * parts.
 */
final class XlsxFormat {

    static final long MAX_INFLATED = 100L * 1024 * 1024;
    static final int MAX_PARTS = 1000;
    /** The widest sheet Excel has (XFD); a cell beyond it means a damaged or hostile sheet. */
    private static final int MAX_COLUMNS = 16_384;
    private static final String FORMULA = "formulas are not accepted; enter the value itself";

    static {
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(MAX_INFLATED);
        ZipSecureFile.setMaxFileCount(MAX_PARTS);
    }

    private XlsxFormat() {
    }

    /** The drafts of the workbook's units and items sheets. */
    static Parsed read(byte[] content) {
        checkZip(content);
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(new ByteArrayInputStream(content));
        } catch (Exception e) {
            throw refusal(e);
        }
        try {
            XSSFReader reader = new XSSFReader(pkg);
            Sheets sheets = new Sheets(new ReadOnlySharedStringsTable(pkg, false), reader.getStylesTable(),
                    date1904(reader));
            SheetReader<UnitDraft> units = null;
            SheetReader<ItemDraft> items = null;
            List<String> names = new ArrayList<>();
            XSSFReader.SheetIterator iterator = reader.getSheetIterator();
            while (iterator.hasNext()) {
                try (InputStream sheet = iterator.next()) {
                    String name = iterator.getSheetName().strip();
                    names.add(name);
                    if (units == null && name.equalsIgnoreCase(Layout.UNITS.sheet)) {
                        units = sheets.read(Layout.UNITS, sheet);
                    } else if (items == null && name.equalsIgnoreCase(Layout.ITEMS.sheet)) {
                        items = sheets.read(Layout.ITEMS, sheet);
                    }
                }
            }
            if (units == null && items == null) {
                throw new CatalogFileException(Reason.EMPTY, "the workbook has no sheet named units or items (its "
                        + "sheets: " + String.join(", ", names) + ")");
            }
            List<CellError> errors = new ArrayList<>();
            if (units != null) {
                errors.addAll(units.errors());
            }
            if (items != null) {
                errors.addAll(items.errors());
            }
            return new Parsed(units == null ? List.of() : units.lines(), items == null ? List.of() : items.lines(),
                    errors);
        } catch (Exception e) {
            throw refusal(e);
        } finally {
            pkg.revert();
        }
    }

    /** A zip (not an old .xls or an encrypted workbook) that inflates to at most {@link #MAX_INFLATED} bytes. */
    private static void checkZip(byte[] content) {
        if (content.length >= 4 && content[0] == (byte) 0xD0 && content[1] == (byte) 0xCF && content[2] == 0x11
                && content[3] == (byte) 0xE0) {
            throw new CatalogFileException(Reason.NOT_A_WORKBOOK, "this is an Excel 97–2003 (.xls) or a password-"
                    + "protected workbook; save it as an .xlsx workbook without a password");
        }
        if (content.length < 4 || content[0] != 'P' || content[1] != 'K' || content[2] != 3 || content[3] != 4) {
            throw new CatalogFileException(Reason.NOT_A_WORKBOOK, "the file is not an .xlsx workbook");
        }
        long inflated = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(content))) {
            for (ZipArchiveEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    inflated += n;
                    if (inflated > MAX_INFLATED) {
                        throw new CatalogFileException(Reason.TOO_LARGE, "the workbook inflates to more than "
                                + MAX_INFLATED / (1024 * 1024) + " MB");
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CatalogFileException(Reason.NOT_A_WORKBOOK, "the workbook is damaged: " + e.getMessage(), e);
        }
    }

    /** What POI's failure means to the user: a zip bomb is too large, anything else a damaged workbook. */
    private static CatalogFileException refusal(Exception e) {
        if (e instanceof CatalogFileException refused) {
            return refused;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CatalogFileException refused) {
                return refused;
            }
            String message = String.valueOf(cause.getMessage());
            if (message.startsWith("Zip bomb detected")
                    || message.contains("more internal file entries than expected")) {
                return new CatalogFileException(Reason.TOO_LARGE, "the workbook inflates beyond its limits "
                        + "(a part over 100 times its packed size or over " + MAX_INFLATED / (1024 * 1024)
                        + " MB, or more than " + MAX_PARTS + " parts)", e);
            }
        }
        return new CatalogFileException(Reason.NOT_A_WORKBOOK, "the workbook cannot be read: " + e.getMessage(), e);
    }

    /** Whether the workbook counts dates from 1904 (old Mac Excel) rather than 1900. */
    private static boolean date1904(XSSFReader reader) throws Exception {
        try (InputStream workbook = reader.getWorkbookData()) {
            CTWorkbookPr properties = WorkbookDocument.Factory.parse(workbook, POIXMLTypeLoader.DEFAULT_XML_OPTIONS)
                    .getWorkbook().getWorkbookPr();
            return properties != null && properties.getDate1904();
        }
    }

    /** What every sheet of a workbook shares: its shared strings, its styles (which numbers are dates), its epoch. */
    private static final class Sheets {

        private final SharedStrings strings;
        private final StylesTable styles;
        private final boolean date1904;
        private final Map<Integer, Boolean> dateStyles = new HashMap<>();

        Sheets(SharedStrings strings, StylesTable styles, boolean date1904) {
            this.strings = strings;
            this.styles = styles;
            this.date1904 = date1904;
        }

        <T> SheetReader<T> read(Layout<T> layout, InputStream xml) throws Exception {
            SheetReader<T> sheet = new SheetReader<>(layout);
            XMLReader parser = XMLHelper.newXMLReader();
            parser.setContentHandler(new Handler(this, sheet));
            try {
                parser.parse(new InputSource(xml));
            } catch (SAXException e) {
                if (e.getCause() instanceof CatalogFileException refused) {
                    throw refused;
                }
                throw e;
            }
            return sheet;
        }

        /** The date a number shows when its style formats it as a date, else null. */
        LocalDateTime date(String style, String number) {
            if (style == null || styles == null || !dateStyles.computeIfAbsent(Integer.parseInt(style), this::isDate)) {
                return null;
            }
            try {
                double days = Double.parseDouble(number);
                return DateUtil.isValidExcelDate(days) ? DateUtil.getLocalDateTime(days, date1904) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private boolean isDate(int index) {
            XSSFCellStyle style = index < styles.getNumCellStyles() ? styles.getStyleAt(index) : null;
            return style != null && DateUtil.isADateFormat(style.getDataFormat(), style.getDataFormatString());
        }
    }

    /** The SAX handler of a sheet's XML: rows of cells ({@code <c>}) with a value ({@code <v>}) or inline text. */
    private static final class Handler extends DefaultHandler {

        private final Sheets sheets;
        private final SheetReader<?> sheet;
        private final List<Cell> cells = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int row;
        private int column;
        private String type;
        private String style;
        private boolean formula;
        private boolean inText;
        private boolean inPhonetic;

        Handler(Sheets sheets, SheetReader<?> sheet) {
            this.sheets = sheets;
            this.sheet = sheet;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (localName.isEmpty() ? qName : localName) {
                case "row" -> {
                    String r = attributes.getValue("r");
                    row = r == null ? row + 1 : Integer.parseInt(r);
                    column = -1;
                    cells.clear();
                }
                case "c" -> {
                    String r = attributes.getValue("r");
                    column = r == null ? column + 1 : column(r);
                    type = attributes.getValue("t");
                    style = attributes.getValue("s");
                    formula = false;
                    text.setLength(0);
                }
                case "f" -> formula = true;
                case "v" -> inText = true;
                case "t" -> inText = !inPhonetic;
                case "rPh" -> inPhonetic = true;
                default -> {
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName.isEmpty() ? qName : localName) {
                case "v", "t" -> inText = false;
                case "rPh" -> inPhonetic = false;
                case "c" -> put(cell());
                case "row" -> sheet.row(row, cells);
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inText) {
                text.append(ch, start, length);
            }
        }

        private Cell cell() {
            if (formula) {
                return Cell.problem(FORMULA);
            }
            String value = text.toString();
            return switch (type == null ? "n" : type) {
                case "s" -> value.isBlank() ? null
                        : Cell.text(sheets.strings.getItemAt(Integer.parseInt(value.strip())).getString());
                case "inlineStr", "str" -> Cell.text(value);
                case "b" -> Cell.text("1".equals(value) ? "true" : "0".equals(value) ? "false" : value);
                case "e" -> Cell.problem("holds the error value " + value + "; enter a value");
                case "d" -> Cell.text(value.replaceFirst("T00:00(:00(\\.0+)?)?Z?$", ""));
                default -> value.isBlank() ? null : Cell.number(value, sheets.date(style, value));
            };
        }

        private void put(Cell cell) {
            while (cells.size() <= column) {
                cells.add(null);
            }
            cells.set(column, cell);
        }

        /** The column of a cell reference: "A1" → 0, "AB12" → 27. */
        private static int column(String reference) {
            int column = 0;
            for (int i = 0; i < reference.length() && Character.isLetter(reference.charAt(i)); i++) {
                column = column * 26 + (Character.toUpperCase(reference.charAt(i)) - 'A' + 1);
                if (column > MAX_COLUMNS) {
                    throw new IllegalArgumentException("a cell beyond the last column: " + reference);
                }
            }
            return column - 1;
        }
    }

    /** The drafts as a workbook: a units and an items sheet, each with its header row frozen at the top. */
    static byte[] write(List<UnitDraft> units, List<ItemDraft> items) {
        SXSSFWorkbook workbook = new SXSSFWorkbook(100);
        try {
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle header = workbook.createCellStyle();
            header.setFont(bold);
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            sheet(workbook.createSheet(Layout.UNITS.sheet), Layout.UNITS, units, header, date);
            sheet(workbook.createSheet(Layout.ITEMS.sheet), Layout.ITEMS, items, header, date);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            workbook.write(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workbook.dispose();
        }
    }

    private static <T> void sheet(Sheet sheet, Layout<T> layout, List<T> drafts, CellStyle header, CellStyle date) {
        sheet.createFreezePane(0, 1);
        Row first = sheet.createRow(0);
        String[] names = layout.header();
        for (int i = 0; i < names.length; i++) {
            org.apache.poi.ss.usermodel.Cell cell = first.createCell(i);
            cell.setCellValue(names[i]);
            cell.setCellStyle(header);
            sheet.setColumnWidth(i, Math.max(12, names[i].length() + 2) * 256);
        }
        int r = 1;
        for (T draft : drafts) {
            Row row = sheet.createRow(r++);
            Object[] values = layout.values(draft);
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    write(row.createCell(i), layout.columns.get(i).type(), values[i], date);
                }
            }
        }
    }

    /** Numbers as numbers where a spreadsheet holds them exactly (up to 2^53), everything else as a string cell. */
    private static void write(org.apache.poi.ss.usermodel.Cell cell, Column.Type type, Object value, CellStyle date) {
        switch (type) {
            case INTEGER, LONG -> {
                long number = ((Number) value).longValue();
                if (Math.abs(number) <= 1L << 53) {
                    cell.setCellValue((double) number);
                } else {
                    cell.setCellValue(Long.toString(number));
                }
            }
            case BOOLEAN -> cell.setCellValue((Boolean) value);
            case DATE -> {
                cell.setCellValue((LocalDate) value);
                cell.setCellStyle(date);
            }
            default -> cell.setCellValue(Column.text(value));
        }
    }
}
