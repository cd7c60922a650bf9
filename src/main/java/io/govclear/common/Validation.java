package io.govclear.common;

import jakarta.validation.ConstraintViolation;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Bean Validation violations as one VALIDATION_FAILED problem listing every offending field. */
public final class Validation {

    private Validation() {
    }

    public static ProblemException toProblem(Set<? extends ConstraintViolation<?>> violations) {
        List<ProblemException.FieldError> errors = violations.stream()
                .map(v -> new ProblemException.FieldError(field(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(ProblemException.FieldError::field))
                .toList();
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new ProblemException(ProblemCode.VALIDATION_FAILED, detail, errors);
    }

    /** Strips the method and parameter prefix that method validation adds ("create.request.lines[0]"). */
    private static String field(String path) {
        return path.replaceFirst("^[a-zA-Z]+\\.(arg\\d+|[a-zA-Z]+)\\.", "");
    }
}
