package io.govclear.common;

/**
 * A person's text that a decision or a record needs (a reason, a name): present, not blank, at most a column's
 * length; kept as typed, never trimmed. Control characters never get this far ({@link NoControlCharacters}).
 */
public final class RequiredText {

    private RequiredText() {
    }

    /** {@code value} when it is given and fits {@code max} characters; a 400 problem naming {@code field} if not. */
    public static String of(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        if (value.length() > max) {
            throw ProblemException.invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }
}
