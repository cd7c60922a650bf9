package io.govclear.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problems as {@code application/problem+json}: {type, title, status, code, detail}. */
public class SimProblemMapper {

    @ServerExceptionMapper
    public Response problem(SimProblem problem) {
        return answer(problem.status(), problem.code(), problem.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return answer(400, "MALFORMED_JSON", "The body is not the JSON this call takes: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return answer(status, status == 404 ? "NOT_FOUND" : "HTTP_" + status, e.getMessage());
    }

    static Response answer(int status, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}
