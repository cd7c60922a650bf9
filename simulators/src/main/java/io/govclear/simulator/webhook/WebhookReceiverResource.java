package io.govclear.simulator.webhook;

import io.govclear.simulator.SimProblem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The demo units' webhook endpoint : receive, show, and fail on request. */
@Path("/sim/webhook-receiver/{unitCode}")
@Tag(name = "Simulators")
public class WebhookReceiverResource {

    private final WebhookReceiver receiver;

    public WebhookReceiverResource(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    @POST
    @Operation(summary = "A webhook as a unit receives it: 204 when the signature verifies, 401 when not, 500 while"
            + " told to fail (those two with a line of text saying why, as a unit's server would)")
    public Response receive(@PathParam("unitCode") String unitCode,
            @HeaderParam(WebhookSignatures.HEADER) String signature, byte[] body) {
        int answer = receiver.receive(unitCode, signature, new String(body, StandardCharsets.UTF_8));
        return switch (answer) {
            case 401 -> Response.status(answer).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("signature does not verify").build();
            case 500 -> Response.status(answer).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("simulated failure: told to fail").build();
            default -> Response.status(answer).build();
        };
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What this unit's endpoint has received, oldest first")
    public List<WebhookReceiver.Received> received(@PathParam("unitCode") String unitCode) {
        return receiver.received(unitCode);
    }

    @POST
    @Path("/fail")
    @Operation(summary = "Answer 500 to the next N webhooks of this unit (?times=N; 0 stops)")
    public Response fail(@PathParam("unitCode") String unitCode, @QueryParam("times") Integer times) {
        if (times == null || times < 0 || times > 1000) {
            throw SimProblem.invalid("times", "must be a whole number from 0 to 1000");
        }
        receiver.failNext(unitCode, times);
        return Response.noContent().build();
    }
}
