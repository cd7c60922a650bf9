package io.govclear.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.UnwrapException;

/** The one place where failures become RFC 9457 problem responses; counts rejections by code. */
@UnwrapException({ java.util.concurrent.CompletionException.class })
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject Rejections rejections;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    /** Quarkus's own mapper for a body it binds answers bare JSON; this one, more specific too, answers a problem. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        return respond(Validation.toProblem(e.getConstraintViolations()), uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(new ProblemException(ProblemCode.NOT_FOUND, "No resource at this path"), uri);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return respond(new ProblemException(ProblemCode.METHOD_NOT_ALLOWED,
                "This path does not accept that method"), uri);
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return respond(new ProblemException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send application/json"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // a body Quarkus bound itself and could not read
            return respond(JsonProblems.of(json), uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request failed: %s", uri.getPath());
        }
        // the framework chose the status: answered as it is, with its reason phrase, under the code of its class
        ProblemCode code = status >= 500 ? ProblemCode.INTERNAL_ERROR : ProblemCode.BAD_REQUEST;
        Response.Status known = Response.Status.fromStatusCode(status);
        return respond(new ProblemException(code, status, known == null ? "Error" : known.getReasonPhrase(),
                status >= 500 ? "The request could not be completed" : e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(new ProblemException(ProblemCode.INTERNAL_ERROR,
                "The request could not be completed; nothing was changed"), uri);
    }

    public Response respond(ProblemException e, UriInfo uri) {
        rejections.count(e.code());
        return Response.status(e.status())
                .type(Problem.MEDIA_TYPE)
                .entity(e.toProblem(uri.getPath()))
                .build();
    }
}
