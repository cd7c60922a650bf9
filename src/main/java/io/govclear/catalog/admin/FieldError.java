package io.govclear.catalog.admin;

/** One thing wrong with a proposed unit or item: the field (as the API and the import files name it) and why. */
public record FieldError(String field, String message) {
}
