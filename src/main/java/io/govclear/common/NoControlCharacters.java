package io.govclear.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Text never carries control characters (NUL, line breaks, escapes…): not in a JSON string of any body, not in a
 * request's path or query. They are refused at the door with a problem, before any query could meet them (PostgreSQL
 * refuses NUL in text, which used to surface as a 500).
 */
public class NoControlCharacters {

    static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    static final String MESSAGE = "must not contain control characters";

    /** JSON strings: Jackson's own reading, then the check. */
    static SimpleModule module() {
        return new SimpleModule("no-control-characters").addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = super.deserialize(parser, context);
                if (text != null && CONTROL.matcher(text).find()) {
                    throw new InvalidFormatException(parser, MESSAGE, text, String.class);
                }
                return text;
            }
        });
    }

    /** The decoded path and query parameters. */
    @ServerRequestFilter(preMatching = true)
    public void requestTarget(ContainerRequestContext request) {
        if (CONTROL.matcher(request.getUriInfo().getPath()).find()) {
            throw ProblemException.badRequest("INVALID_PATH", "The path " + MESSAGE);
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (CONTROL.matcher(parameter.getKey()).find()
                    || parameter.getValue().stream().anyMatch(value -> CONTROL.matcher(value).find())) {
                throw ProblemException.invalid("query", MESSAGE);
            }
        }
    }
}
