package io.govclear.catalog.bulk;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.bulk.CatalogFileException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV files: UTF-8 (a BOM is allowed on reading and written on export, so spreadsheet programs read the Chinese right),
 * RFC 4180 through Jackson's CSV module, one kind per file. Row numbers count records, as a spreadsheet shows them, so
 * a quoted field with a line break does not shift the rows after it.
 *
 * <p>A text that a spreadsheet would take for a formula (starting with {@code = + - @}) is written with a leading
 * {@code '}; reading takes one leading {@code '} off such a text, so a file read back gives the same drafts.
 */
final class CsvFormat {

    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    private static final Pattern FORMULA_LIKE = Pattern.compile("'*[=+\\-@].*", Pattern.DOTALL);
    private static final Pattern NEUTRALISED = Pattern.compile("'+[=+\\-@].*", Pattern.DOTALL);
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final ObjectReader RECORDS = MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema());
    private static final ObjectWriter LINES = MAPPER.writer(CsvSchema.emptySchema().withLineSeparator("\r\n"));

    private CsvFormat() {
    }

    /** A units or an items file, told apart by its header: an items file has a {@code unitCode} column. */
    static Parsed read(byte[] content) {
        String text = decode(content);
        try (MappingIterator<String[]> records = RECORDS.readValues(text)) {
            int row = 0;
            while (records.hasNextValue()) {
                row++;
                String[] header = records.nextValue();
                if (Arrays.stream(header).allMatch(String::isBlank)) {
                    continue;
                }
                List<String> names = Arrays.asList(header);
                if (names.contains("unitCode")) {
                    SheetReader<ItemDraft> items = rest(Layout.ITEMS, row, header, records);
                    return new Parsed(List.of(), items.lines(), items.errors());
                }
                if (Layout.UNITS.columns.stream().anyMatch(column -> names.contains(column.name()))) {
                    SheetReader<UnitDraft> units = rest(Layout.UNITS, row, header, records);
                    return new Parsed(units.lines(), List.of(), units.errors());
                }
                throw new CatalogFileException(Reason.UNKNOWN_FORMAT, "row " + row
                        + " names no column of a units or items file; the header of units is "
                        + String.join(",", Layout.UNITS.header()) + ", of items "
                        + String.join(",", Layout.ITEMS.header()));
            }
            throw new CatalogFileException(Reason.EMPTY, "the file is empty");
        } catch (IOException | RuntimeException e) {
            if (e instanceof CatalogFileException refused) {
                throw refused;
            }
            throw new CatalogFileException(Reason.MALFORMED_CSV, "the file is not well-formed CSV: " + e.getMessage(),
                    e);
        }
    }

    /** The header at {@code row} and every record after it, read into a sheet of {@code layout}. */
    private static <T> SheetReader<T> rest(Layout<T> layout, int row, String[] header,
            MappingIterator<String[]> records) throws IOException {
        SheetReader<T> sheet = new SheetReader<>(layout);
        sheet.row(row, cells(header));
        while (records.hasNextValue()) {
            sheet.row(++row, cells(records.nextValue()));
        }
        return sheet;
    }

    /** Whether a spreadsheet would take the text for a formula (or it starts with the quote that stops one). */
    private static boolean formulaLike(String text) {
        return !text.isEmpty() && "=+-@'".indexOf(text.charAt(0)) >= 0 && FORMULA_LIKE.matcher(text).matches();
    }

    private static List<Cell> cells(String[] fields) {
        List<Cell> cells = new ArrayList<>(fields.length);
        for (String field : fields) {
            boolean neutralised = field.startsWith("'") && NEUTRALISED.matcher(field).matches();
            cells.add(Cell.text(neutralised ? field.substring(1) : field));
        }
        return cells;
    }

    /** The text of strict UTF-8 content, without its BOM; anything else is refused, saying where. */
    private static String decode(byte[] content) {
        if (content.length >= 2 && ((content[0] == (byte) 0xFE && content[1] == (byte) 0xFF)
                || (content[0] == (byte) 0xFF && content[1] == (byte) 0xFE))) {
            throw new CatalogFileException(Reason.BAD_ENCODING, "the file is UTF-16; save it as CSV UTF-8");
        }
        int start = content.length >= 3 && Arrays.equals(content, 0, 3, BOM, 0, 3) ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content, start, content.length - start);
        CharBuffer out = CharBuffer.allocate(content.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += content[i] == '\n' ? 1 : 0;
            }
            throw new CatalogFileException(Reason.BAD_ENCODING, "the file is not UTF-8 (line " + line + ", byte "
                    + (in.position() + 1) + "); save it as CSV UTF-8 (a file saved as GBK or ANSI cannot be read)");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The drafts as a CSV file of {@code layout}: BOM, header, one record per draft, CRLF line ends. */
    static <T> byte[] write(Layout<T> layout, List<T> drafts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + drafts.size() * 160);
        bytes.writeBytes(BOM);
        try (SequenceWriter out = LINES.writeValues(bytes)) {
            out.write(layout.header());
            String[] fields = new String[layout.columns.size()];
            for (T draft : drafts) {
                Object[] values = layout.values(draft);
                for (int i = 0; i < fields.length; i++) {
                    String text = Column.text(values[i]);
                    boolean textColumn = layout.columns.get(i).type() == Column.Type.TEXT;
                    fields[i] = textColumn && formulaLike(text) ? "'" + text : text;
                }
                out.write(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
