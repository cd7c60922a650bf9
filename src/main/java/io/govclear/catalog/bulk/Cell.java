package io.govclear.catalog.bulk;

import java.time.LocalDateTime;

/**
 * A cell as a file holds it, before its column reads it: a text (CSV fields, string and boolean cells), a number as
 * written in the workbook (with the date it shows when it is formatted as a date), or a problem of its own (a
 * formula, an error value) that its column reports as is.
 */
record Cell(Kind kind, String text, LocalDateTime date) {

    enum Kind {
        TEXT, NUMBER, PROBLEM
    }

    static Cell text(String text) {
        return new Cell(Kind.TEXT, text, null);
    }

    /** A numeric cell: {@code number} as the workbook writes it ("1500", "1.5E3"); {@code date} if shown as a date. */
    static Cell number(String number, LocalDateTime date) {
        return new Cell(Kind.NUMBER, number, date);
    }

    static Cell problem(String message) {
        return new Cell(Kind.PROBLEM, message, null);
    }

    /** Whether the cell is empty as far as its column is concerned (empty or only spaces). */
    boolean blank() {
        return kind != Kind.PROBLEM && text.isBlank();
    }
}
