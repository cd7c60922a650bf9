package io.govclear.catalog.bulk;

/**
 * One thing wrong in an uploaded file, located as the user sees it: the sheet ({@code units} or {@code items}; for a
 * CSV file the kind of file), the row (the header is row 1, the first data row row 2), the column (its header name,
 * or its letter where it has none) and why.
 */
public record CellError(String sheet, int row, String column, String message) {
}
