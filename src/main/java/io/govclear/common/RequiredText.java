package io.govclear.common;

/**
 * A person's text that a decision or a record needs (a reason, a name): present, not blank, at most a column's
 * length, without control characters (which {@link NoControlCharacters} refuses at the door of JSON bodies, queries
 * and console forms; a multipart part of the API is checked here); kept as typed, never trimmed.
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
        if (NoControlCharacters.CONTROL.matcher(value).find()) {
            throw ProblemException.invalid(field, NoControlCharacters.MESSAGE);
        }
        return value;
    }
}
