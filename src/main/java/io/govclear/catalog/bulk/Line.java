package io.govclear.catalog.bulk;

/** A valid draft read from a file, with the row it came from as the user sees it (the header is row 1). */
public record Line<T>(int row, T draft) {
}
