package io.govclear.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is refused before a byte of it is read, with
 * a 413 problem (Quarkus's own limit answers 413 with no body) and the connection closed. A Content-Length that is
 * not a number is a 400 problem. Runs ahead of Quarkus's upload limit, for every path.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final ObjectMapper json;
    private final Rejections rejections;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper json,
            Rejections rejections) {
        this.maxBytes = max.asLongValue();
        this.json = json;
        this.rejections = rejections;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared);
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0) {
                refuse(context, new ProblemException(ProblemCode.BAD_REQUEST, "Content-Length is not a number"));
                return;
            }
            if (length > maxBytes) {
                refuse(context, new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE,
                        "The body may be at most " + maxBytes + " bytes; " + length + " were declared"));
                return;
            }
        }
        context.next();
    }

    private void refuse(RoutingContext context, ProblemException problem) {
        rejections.count(problem.code());
        String body;
        try {
            body = json.writeValueAsString(problem.toProblem(context.request().path()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the declared body is never read, so the connection cannot carry another request: closed after the answer
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body)
                .onComplete(sent -> context.request().connection().close());
    }
}
