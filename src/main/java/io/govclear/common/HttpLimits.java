package io.govclear.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP layer's limits, answered as problems for every path, ahead of Quarkus's upload limit: a request target
 * longer than {@code govclear.http.max-uri-length} is a 414, headers larger than {@code govclear.http.max-header-size}
 * a 431, a body declared larger than {@code quarkus.http.limits.max-body-size} a 413 before a byte of it is read, a
 * Content-Length that is not a number a 400. Netty's own decoder limits (which answer with no body, before any
 * handler can) are set well above these in application.properties, so only a request past them is answered bare.
 */
@ApplicationScoped
public class HttpLimits {

    private final int maxUriLength;
    private final long maxHeaderBytes;
    private final long maxBodyBytes;
    private final ObjectMapper json;
    private final Rejections rejections;

    public HttpLimits(GovClearConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody, ObjectMapper json,
            Rejections rejections) {
        this.maxUriLength = config.http().maxUriLength();
        this.maxHeaderBytes = config.http().maxHeaderSize().asLongValue();
        this.maxBodyBytes = maxBody.asLongValue();
        this.json = json;
        this.rejections = rejections;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        ProblemException problem = problem(context.request());
        if (problem == null) {
            context.next();
        } else {
            refuse(context, problem);
        }
    }

    private ProblemException problem(HttpServerRequest request) {
        if (request.uri().length() > maxUriLength) {
            return new ProblemException(ProblemCode.URI_TOO_LONG,
                    "The request target may be at most " + maxUriLength + " characters");
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        if (headerBytes > maxHeaderBytes) {
            return new ProblemException(ProblemCode.HEADERS_TOO_LARGE,
                    "The request headers may be at most " + maxHeaderBytes + " bytes; " + headerBytes + " were sent");
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(declared);
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            return new ProblemException(ProblemCode.BAD_REQUEST, "Content-Length is not a number");
        }
        if (length > maxBodyBytes) {
            return new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE,
                    "The body may be at most " + maxBodyBytes + " bytes; " + length + " were declared");
        }
        return null;
    }

    private void refuse(RoutingContext context, ProblemException problem) {
        rejections.count(problem.code());
        String body;
        try {
            body = json.writeValueAsString(problem.toProblem(context.request().path()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // a body that was declared is never read, so the connection cannot carry another request: closed after the answer
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body)
                .onComplete(sent -> context.request().connection().close());
    }
}
