package io.govclear.console.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Function;

/** The console's CSV exports: UTF-8 with a BOM (so spreadsheet programs read the Chinese right), RFC 4180 quoting. */
final class Csv {

    static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    private static final ObjectWriter ROW = new CsvMapper().writer(CsvSchema.emptySchema());

    private Csv() {
    }

    /** A page of rows as one chunk of the response. */
    static <T> Buffer chunk(List<T> rows, Function<T, String[]> fields) {
        StringBuilder text = new StringBuilder(rows.size() * 160);
        for (T row : rows) {
            text.append(row(fields.apply(row)));
        }
        return Buffer.buffer(text.toString());
    }

    /** One line of fields (null as empty), quoted where a field needs it. */
    static String row(String... fields) {
        try {
            return ROW.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
