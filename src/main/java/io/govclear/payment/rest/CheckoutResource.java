package io.govclear.payment.rest;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import jakarta.annotation.security.PermitAll;
import io.govclear.payment.service.PaymentService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The payer starts paying a bill on a channel. */
@Path("/api/v1/bills/{paymentCode}/payments")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payers")
public class CheckoutResource {

    @Inject PaymentService payments;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start paying a bill on a channel (late fee frozen); 409 ORDER_NOT_PAYABLE if it is not payable")
    public Uni<Response> checkout(@PathParam("paymentCode") String paymentCode, CheckoutRequest request) {
        if (request == null) {
            // no body or a JSON null is not "let the engine choose": that is {} (or {"channel": null})
            throw new ProblemException(ProblemCode.BODY_REQUIRED,
                    "Send {\"channel\": …}, or {} to let the engine choose the channel");
        }
        return payments.checkout(paymentCode, request.channel())
                .map(a -> Response.created(URI.create("/api/v1/payments/" + a.paymentId()))
                        .entity(PaymentResponse.of(a)).build());
    }
}
