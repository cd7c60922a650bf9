package io.govclear.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;

/**
 * Text never carries control characters (NUL, line breaks, escapes…): not in a JSON string of any body
 * ({@link StrictJson}), not in a request's path or query, not in a console form's fields (here). They are refused at the door with a problem, before any query could meet them (PostgreSQL
 * refuses NUL in text, which used to surface as a 500).
 */
public class NoControlCharacters {

    public static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    static final String MESSAGE = "must not contain control characters";

    /** The decoded path and query parameters. */
    @ServerRequestFilter(preMatching = true)
    public void requestTarget(ContainerRequestContext request) {
        if (CONTROL.matcher(request.getUriInfo().getPath()).find()) {
            throw new ProblemException(ProblemCode.INVALID_PATH, "The path " + MESSAGE);
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (CONTROL.matcher(parameter.getKey()).find()
                    || parameter.getValue().stream().anyMatch(value -> CONTROL.matcher(value).find())) {
                throw ProblemException.invalid("query", MESSAGE);
            }
        }
    }

    /**
     * The fields of an HTML form (the console's, read before its endpoint runs): refused as a query would be. Called
     * for form resources only, whose form is read first; other bodies are JSON ({@link StrictJson}) or signed bytes.
     */
    public static void refuseIn(FormData form) {
        if (form == null) {
            return;
        }
        for (String name : form) {
            if (CONTROL.matcher(name).find() || form.get(name).stream()
                    .anyMatch(value -> !value.isFileItem() && CONTROL.matcher(value.getValue()).find())) {
                throw ProblemException.invalid(name, MESSAGE);
            }
        }
    }
}
