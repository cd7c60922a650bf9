package io.govclear.payment.rest;

import jakarta.annotation.security.PermitAll;
import io.govclear.payment.service.CallbackService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Channel notifies, answered in each channel's own way (Alipay "success", WeChat Pay 204, …). */
@Path("/callbacks")
@PermitAll
@Tag(name = "Channels", description = "Asynchronous notifies from payment channels")
public class CallbackResource {

    @Inject CallbackService callbacks;

    @POST
    @Path("/{channel}")
    @Operation(summary = "A channel's notify, in its own protocol (alipay, wechat-pay)")
    public Uni<Response> notify(@PathParam("channel") String channel, byte[] body, HttpHeaders headers) {
        Map<String, String> lowerCase = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> lowerCase.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        return callbacks.receive(channel, lowerCase, body == null ? new byte[0] : body)
                .map(reply -> {
                    Response.ResponseBuilder r = Response.status(reply.status());
                    if (reply.body() != null) {
                        r.type(reply.contentType()).entity(reply.body());
                    }
                    return r.build();
                });
    }
}
