package io.govclear.catalog.bulk;

/**
 * A file refused as a whole (not a row's error): too large, not a workbook, not UTF-8 and so on. {@link #reason()} is a
 * stable code for the API; the message says what to do in words.
 */
public class CatalogFileException extends RuntimeException {

    /** Why a file was refused. */
    public enum Reason {
        /** Neither {@code .csv} nor {@code .xlsx}, or a CSV whose header names no column of a units or items file. */
        UNKNOWN_FORMAT,
        /** Nothing to read: an empty CSV file, or a workbook with no {@code units} and no {@code items} sheet. */
        EMPTY,
        /** Over 10 MB, or a workbook that inflates beyond its limits (a zip bomb). */
        TOO_LARGE,
        /** More than 20,000 data rows in one sheet or CSV file. */
        TOO_MANY_ROWS,
        /** An {@code .xlsx} that is not a readable OOXML workbook (not a zip, damaged, an old .xls, encrypted). */
        NOT_A_WORKBOOK,
        /** A CSV file that is not UTF-8. */
        BAD_ENCODING,
        /** A CSV file that is not RFC 4180 (an unclosed quote, for one). */
        MALFORMED_CSV
    }

    private final Reason reason;

    public CatalogFileException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CatalogFileException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The stable code of why the file was refused. */
    public Reason reason() {
        return reason;
    }
}
