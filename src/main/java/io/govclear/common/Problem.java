package io.govclear.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * RFC 9457 problem details, with GovClear's stable {@code code} and, for validation, the offending fields; for an
 * uploaded file, the offending cells ({@code rows}: sheet, row, column, message).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String instance,
        List<ProblemException.FieldError> errors, List<ProblemException.CellError> rows) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
