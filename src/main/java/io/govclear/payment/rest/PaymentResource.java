package io.govclear.payment.rest;

import jakarta.annotation.security.PermitAll;
import io.govclear.payment.service.PaymentService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A payment attempt's status, for the payer's result page and for units. */
@Path("/api/v1/payments")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payers")
public class PaymentResource {

    @Inject PaymentService payments;

    @GET
    @Path("/{paymentId}")
    @Operation(summary = "A payment attempt's status")
    public Uni<PaymentResponse> payment(@PathParam("paymentId") String paymentId) {
        return payments.attempt(paymentId)
                .map(PaymentResponse::of);
    }
}
