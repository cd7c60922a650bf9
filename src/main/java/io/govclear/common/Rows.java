package io.govclear.common;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The little conversions every repository needs between Vert.x SQL rows and Java: timestamps are sent to PostgreSQL
 * in business time ({@link Clocks#BUSINESS_ZONE}) and read back as instants; null stays null throughout.
 */
public final class Rows {

    private Rows() {
    }

    /** An instant as a {@code timestamptz} parameter, in business time. */
    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime();
    }

    /** A {@code timestamptz} column as an instant. */
    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** A {@code timestamptz} column, by position, as an instant. */
    public static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** The first row, mapped; empty when there is none. */
    public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.iterator().hasNext() ? Optional.of(mapper.apply(rows.iterator().next())) : Optional.empty();
    }

    /** Every row, mapped, in order. */
    public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(mapper.apply(row));
        }
        return out;
    }
}
