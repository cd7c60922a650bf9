package io.govclear.catalog.bulk;

import io.govclear.common.ProblemException.CellError;
import io.govclear.common.ProblemException.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one sheet (or CSV file) of a layout, row by row as the file gives them: the first non-empty row is the header,
 * each later non-empty row a draft or its errors. Empty rows are skipped but keep their numbers, so every row number is
 * the one the user sees. When the header is wrong (an unknown, missing or repeated column) only the header's errors are
 * reported: every row would otherwise repeat them.
 */
final class SheetReader<T> {

    static final int MAX_ROWS = 20_000;
    /** Far more than any layout has: a wider header is reported once, not column by column. */
    private static final int MAX_HEADER_CELLS = 100;

    private final Layout<T> layout;
    private final List<Line<T>> lines = new ArrayList<>();
    private final List<CellError> errors = new ArrayList<>();
    private final Map<Object, Integer> firstRow = new HashMap<>();
    /** For each column of the file, the position of its layout column; -1 where it has no header. */
    private int[] slots;
    private boolean headerBroken;
    private int dataRows;

    SheetReader(Layout<T> layout) {
        this.layout = layout;
    }

    /** One row of the file: {@code row} as the user sees it, its cells by column (null where a cell is absent). */
    void row(int row, List<Cell> cells) {
        if (cells.stream().allMatch(cell -> cell == null || cell.blank())) {
            return;
        }
        if (slots == null) {
            header(row, cells);
            return;
        }
        if (++dataRows > MAX_ROWS) {
            throw new CatalogFileException(CatalogFileException.Reason.TOO_MANY_ROWS, "the " + layout.sheet
                    + " have more than " + MAX_ROWS + " data rows; split them into several files");
        }
        if (!headerBroken) {
            data(row, cells);
        }
    }

    List<Line<T>> lines() {
        return lines;
    }

    List<CellError> errors() {
        return errors;
    }

    private void header(int row, List<Cell> cells) {
        slots = new int[cells.size()];
        Arrays.fill(slots, -1);
        Map<String, Integer> seen = new HashMap<>();
        int named = 0;
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            if (cell == null || cell.blank()) {
                continue;
            }
            if (++named > MAX_HEADER_CELLS) {
                headerError(row, letter(i), "the header has more than " + MAX_HEADER_CELLS + " columns");
                break;
            }
            if (cell.kind() == Cell.Kind.PROBLEM) {
                headerError(row, letter(i), cell.text());
                continue;
            }
            String name = cell.text();
            try {
                Column.checked(name);
            } catch (Column.Invalid e) {
                headerError(row, letter(i), "the header " + e.getMessage());
                continue;
            }
            int position = layout.position(name);
            Integer earlier = seen.putIfAbsent(name, i);
            if (position < 0) {
                headerError(row, name, "is not a column of " + layout.sheet + "; the columns are "
                        + String.join(", ", layout.header()));
            } else if (earlier != null) {
                headerError(row, name, "appears twice, in columns " + letter(earlier) + " and " + letter(i));
            } else {
                slots[i] = position;
            }
        }
        for (Column column : layout.columns) {
            if (column.required() && !seen.containsKey(column.name())) {
                headerError(row, column.name(), "is a required column and missing");
            }
        }
    }

    private void headerError(int row, String column, String message) {
        errors.add(new CellError(layout.sheet, row, column, message));
        headerBroken = true;
    }

    private void data(int row, List<Cell> cells) {
        List<Column> columns = layout.columns;
        Object[] values = new Object[columns.size()];
        boolean[] failed = new boolean[columns.size()];
        List<CellError> rowErrors = new ArrayList<>(0);
        int strays = 0;
        int firstStray = -1;
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            int slot = i < slots.length ? slots[i] : -1;
            if (slot < 0) {
                if (cell != null && !cell.blank() && strays++ == 0) {
                    firstStray = i;
                }
                continue;
            }
            try {
                values[slot] = columns.get(slot).read(cell);
            } catch (Column.Invalid e) {
                rowErrors.add(new CellError(layout.sheet, row, columns.get(slot).name(), e.getMessage()));
                failed[slot] = true;
            }
        }
        if (strays > 0) {
            String more = strays > 1 ? " (and " + (strays - 1) + " more cells of this row)" : "";
            rowErrors.add(new CellError(layout.sheet, row, letter(firstStray),
                    "has a value but its column has no header" + more));
        }
        for (int slot = 0; slot < values.length; slot++) {
            Column.Type type = columns.get(slot).type();
            if (values[slot] == null && !failed[slot] && (type == Column.Type.INTEGER || type == Column.Type.BOOLEAN)) {
                rowErrors.add(new CellError(layout.sheet, row, columns.get(slot).name(), "is required"));
                failed[slot] = true;
            }
        }
        T draft = layout.draft(values);
        for (FieldError error : layout.errors(draft)) {
            int slot = layout.position(error.field());
            if (slot < 0 || !failed[slot]) {
                rowErrors.add(new CellError(layout.sheet, row, error.field(), error.message()));
            }
        }
        Object key = layout.key(values);
        Integer first = key == null ? null : firstRow.putIfAbsent(key, row);
        if (first != null) {
            rowErrors.add(new CellError(layout.sheet, row, "code",
                    "repeats row " + first + " (" + layout.sameness + ")"));
        }
        if (rowErrors.isEmpty()) {
            lines.add(new Line<>(row, draft));
        } else {
            errors.addAll(rowErrors);
        }
    }

    /** A column's letter as spreadsheets show it: 0 → A, 25 → Z, 26 → AA. */
    static String letter(int index) {
        StringBuilder letters = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            letters.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return letters.toString();
    }
}
