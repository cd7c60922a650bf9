package io.govclear.console.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** The console's CSV exports: UTF-8 with a BOM (so spreadsheet programs read the Chinese right), RFC 4180 quoting. */
final class Csv {

    static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    private static final ObjectWriter ROW = new CsvMapper().writer(CsvSchema.emptySchema());

    private Csv() {
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
