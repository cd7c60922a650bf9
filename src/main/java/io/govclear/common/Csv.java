package io.govclear.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestMulti;

/** The console's CSV exports: UTF-8 with a BOM (so spreadsheet programs read the Chinese right), RFC 4180 quoting. */
public final class Csv {

    public static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    // quoted only where RFC 4180 needs it (the loose default quotes any field with a space or a "*")
    private static final ObjectWriter ROW = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build().writer(CsvSchema.emptySchema());

    private Csv() {
    }

    /**
     * A CSV download: {@code logged} (the export's audit row) is written before the first row is read, so an export
     * that fails half-way was still recorded; then the header line and each page of rows as one chunk. Pages are
     * turned into text on a worker thread while the next page is read (at most two ahead: the heap stays flat).
     */
    public static <T> RestMulti<Buffer> download(String filename, Uni<Void> logged, String[] header,
            Supplier<Multi<List<T>>> pages, Function<T, String[]> fields) {
        Multi<Buffer> body = logged
                .onItem().transformToMulti(done -> Multi.createFrom().item(Buffer.buffer(BOM).appendString(row(header))))
                .onCompletion().switchTo(() -> pages.get().emitOn(Infrastructure.getDefaultWorkerPool(), 2)
                        .map(page -> chunk(page, fields)));
        return RestMulti.fromMultiData(body)
                .header("Content-Type", "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .build();
    }

    /** A page of rows as one chunk of the response. */
    private static <T> Buffer chunk(List<T> rows, Function<T, String[]> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 160);
        try (SequenceWriter out = ROW.writeValues(bytes)) {
            for (T row : rows) {
                out.write(fields.apply(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    /** One line of fields (null as empty), quoted where a field needs it. */
    public static String row(String... fields) {
        try {
            return ROW.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
