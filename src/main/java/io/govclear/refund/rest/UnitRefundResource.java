package io.govclear.refund.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.govclear.common.JsonProblems;
import io.govclear.common.Validation;
import io.govclear.refund.service.RefundService;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.SignedRequest;
import io.govclear.security.UnitSignatureMechanism;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Refunds of a unit's paid bill, on the signed unit API (the body is the signed bytes, see {@link Callers#unit}). */
@Path("/api/v1/orders/{paymentCode}/refunds")
@RolesAllowed(Roles.UNIT)
@HttpAuthenticationMechanism(UnitSignatureMechanism.SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collecting units")
@SecurityRequirement(name = "unitSignature")
public class UnitRefundResource {

    @Inject SecurityIdentity identity;
    @Inject RefundService refunds;
    @Inject Validator validator;
    private final ObjectReader reader;

    public UnitRefundResource(ObjectMapper json) {
        this.reader = json.readerFor(RefundRequest.class);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund part or all of a paid bill (idempotent on refundRequestNo); 409 REFUND_EXCEEDS_PAID"
            + " beyond the refundable remainder")
    @RequestBody(content = @Content(schema = @Schema(implementation = RefundRequest.class)))
    public Uni<Response> request(@PathParam("paymentCode") String paymentCode) {
        SignedRequest request = Callers.unit(identity);
        RefundRequest refund = JsonProblems.readObject(reader, request.body());
        var violations = validator.validate(refund);
        if (!violations.isEmpty()) {
            throw Validation.toProblem(violations);
        }
        return refunds.request(request, paymentCode, refund)
                .map(requested -> Response.status(requested.created() ? 201 : 200)
                        .entity(RefundResponse.of(requested.refund())).build());
    }

    @GET
    @Operation(summary = "The bill's refunds, oldest first")
    public Uni<List<RefundResponse>> list(@PathParam("paymentCode") String paymentCode) {
        SignedRequest request = Callers.unit(identity);
        return refunds.ofUnitOrder(request, paymentCode)
                .map(list -> list.stream().map(RefundResponse::of).toList());
    }
}
