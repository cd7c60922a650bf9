package io.govclear.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Text never carries control characters (NUL, line breaks, escapes…): not in a JSON string of any body
 * ({@link StrictJson}), not in a request's path or query (here). They are refused at the door with a problem, before any query could meet them (PostgreSQL
 * refuses NUL in text, which used to surface as a 500).
 */
public class NoControlCharacters {

    static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
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
}
