package io.govclear.refund.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.govclear.common.JsonProblems;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.Validation;
import io.govclear.refund.RefundStatus;
import io.govclear.refund.service.RefundService;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.StaffUser;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Refunds for finance staff (HTTP Basic): the list, and the approval of refunds above the threshold by a
 * supervisor (SUPERVISOR or ADMIN), audited under the user's name.
 */
@Path("/api/v1/refunds")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Finance")
public class StaffRefundResource {

    @Inject RefundService refunds;
    @Inject SecurityIdentity identity;
    @Inject Validator validator;
    private final ObjectReader reader;

    public StaffRefundResource(ObjectMapper json) {
        this.reader = json.readerFor(RefundDecisionRequest.class);
    }

    @GET
    @Operation(summary = "Refunds, newest first (at most 200), optionally by status (REQUESTED: awaiting approval)")
    public Uni<List<RefundResponse>> list(@QueryParam("status") String status) {
        RefundStatus filter = QueryParams.oneOf("status", status, RefundStatus.class);
        return refunds.list(filter)
                .map(list -> list.stream().map(RefundResponse::of).toList());
    }

    /*
     * Decisions move money: they take only application/json (415 otherwise) and a JSON object, so a cross-site form
     * post cannot make a signed-in supervisor decide anything.
     */

    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Path("/{refundId}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve a refund awaiting approval (SUPERVISOR or ADMIN) with {reason?}; it is sent to the "
            + "channel")
    public Uni<RefundResponse> approve(@PathParam("refundId") String refundId, byte[] body) {
        StaffUser user = Callers.staff(identity);
        return refunds.approve(refundId, user, read(body).reason())
                .map(RefundResponse::of);
    }

    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Path("/{refundId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reject a refund awaiting approval (SUPERVISOR or ADMIN) with {reason}; nothing is posted")
    public Uni<RefundResponse> reject(@PathParam("refundId") String refundId, byte[] body) {
        StaffUser user = Callers.staff(identity);
        RefundDecisionRequest decision = read(body);
        if (decision.reason() == null || decision.reason().isBlank()) {
            throw ProblemException.invalid("reason", "a rejection needs a reason");
        }
        return refunds.reject(refundId, user, decision.reason()).map(RefundResponse::of);
    }

    private RefundDecisionRequest read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send a JSON object ({} when there is no reason)");
        }
        RefundDecisionRequest decision;
        try {
            decision = reader.readValue(body);
        } catch (IOException e) {
            throw JsonProblems.of(e);
        }
        if (decision == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send a JSON object, not null");
        }
        var violations = validator.validate(decision);
        if (!violations.isEmpty()) {
            throw Validation.toProblem(violations);
        }
        return decision;
    }
}
