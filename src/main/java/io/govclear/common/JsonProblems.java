package io.govclear.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.List;

/** Jackson's parse failures as problems that name the offending field. */
public final class JsonProblems {

    private JsonProblems() {
    }

    /**
     * The one way a raw body is read into its request type: strictly ({@code JacksonStrictness}), a problem naming
     * the field for what does not fit, MALFORMED_JSON for an empty body, a JSON {@code null} or what is not JSON.
     */
    public static <T> T readObject(ObjectReader reader, byte[] body) {
        T value;
        try {
            value = body == null || body.length == 0 ? null : reader.readValue(body);
        } catch (IOException e) {
            throw of(e);
        }
        if (value == null) {
            throw new ProblemException(ProblemCode.MALFORMED_JSON, "The request body must be a JSON object");
        }
        return value;
    }

    public static ProblemException of(IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u.getPath());
            return new ProblemException(ProblemCode.UNKNOWN_FIELD,
                    "Field '" + field + "' is not part of this request",
                    List.of(new ProblemException.FieldError(field, "unknown field")));
        }
        if (e instanceof InvalidFormatException f && (NoControlCharacters.MESSAGE.equals(f.getOriginalMessage())
                || StrictJson.LONE_SURROGATE.equals(f.getOriginalMessage())) && !f.getPath().isEmpty()) {
            String field = path(f.getPath());
            return new ProblemException(ProblemCode.VALIDATION_FAILED,
                    field + ": " + f.getOriginalMessage(),
                    List.of(new ProblemException.FieldError(field, f.getOriginalMessage())));
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String field = path(m.getPath());
            return new ProblemException(ProblemCode.VALIDATION_FAILED,
                    field + ": wrong type or format",
                    List.of(new ProblemException.FieldError(field, "wrong type or format")));
        }
        if (e instanceof JsonProcessingException) {
            return new ProblemException(ProblemCode.MALFORMED_JSON, "The request body is not valid JSON");
        }
        return new ProblemException(ProblemCode.MALFORMED_JSON, "The request body could not be read");
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
