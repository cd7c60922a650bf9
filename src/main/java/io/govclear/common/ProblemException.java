package io.govclear.common;

import java.util.List;

/**
 * A business-rule failure that becomes an RFC 9457 problem response with a stable {@code code} of the catalogue
 * ({@link ProblemCode}, which fixes its status and title). Thrown before anything is written, so a rejected request
 * changes nothing.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final List<CellError> rows;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors) {
        this(code, code.status(), code.title(), detail, errors, List.of());
    }

    /** A problem with an uploaded file's content, located cell by cell. */
    public static ProblemException inCells(ProblemCode code, String detail, List<CellError> rows) {
        return new ProblemException(code, code.status(), code.title(), detail, List.of(), rows);
    }

    /**
     * For {@link ProblemMappers} only: a failure whose status the framework chose (a {@code WebApplicationException}
     * such as 406), answered with that status and its reason phrase under the catalogue's {@code code}.
     */
    ProblemException(ProblemCode code, int status, String title, String detail) {
        this(code, status, title, detail, List.of(), List.of());
    }

    private ProblemException(ProblemCode code, int status, String title, String detail, List<FieldError> errors,
            List<CellError> rows) {
        super(detail, null, false, false);
        this.code = code;
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.rows = List.copyOf(rows);
    }

    /** {@link ProblemCode#VALIDATION_FAILED} naming one offending field. */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, field + ": " + message,
                List.of(new FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public ProblemCode code() {
        return code;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Problem toProblem(String instance) {
        return new Problem(code.type(), title, status, getMessage(), code.name(), instance,
                errors.isEmpty() ? null : errors, rows.isEmpty() ? null : rows);
    }

    /** One offending field of a validation problem. */
    public record FieldError(String field, String message) {
    }

    /**
     * One offending cell of an uploaded file, as its user sees it: the sheet (for a CSV file the kind of rows), the
     * row (the header is row 1), the column's header name, and why.
     */
    public record CellError(String sheet, int row, String column, String message) {
    }
}
