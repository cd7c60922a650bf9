package io.govclear.catalog.admin;

import io.govclear.common.ProblemException.FieldError;
import java.util.List;

/** Checks the drafts share. */
final class Drafts {

    private Drafts() {
    }

    /** A required text of at most {@code max} characters, without control characters. */
    static void text(List<FieldError> errors, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
    }
}
