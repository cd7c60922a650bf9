package io.govclear.order.rest;

import jakarta.annotation.security.PermitAll;
import io.govclear.order.service.OrderService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The payer's view of a bill by payment code: no login, personal data masked. */
@Path("/api/v1/bills")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payers", description = "Public bill view")
public class BillResource {

    @Inject OrderService orders;
    @Inject OrderViews views;

    @GET
    @Path("/{paymentCode}")
    @Operation(summary = "Bill by payment code: a bad check digit is 400, an unknown code 404")
    public Uni<BillResponse> bill(@PathParam("paymentCode") String paymentCode) {
        return orders.findPublic(paymentCode)
                .map(order -> views.bill(order, orders.today()));
    }
}
