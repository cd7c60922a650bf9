package io.govclear.settlement.rest;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.security.Callers;
import io.govclear.security.PayoutSignatureMechanism;
import io.govclear.security.Roles;
import io.govclear.security.StaffUser;
import io.govclear.settlement.Batch;
import io.govclear.settlement.PayoutConfirmations;
import io.govclear.settlement.SettlementIntegrity;
import io.govclear.settlement.SettlementReads;
import io.govclear.settlement.SettlementService;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Daily settlement for finance staff (HTTP Basic): a CLERK (or SUPERVISOR, ADMIN) prepares the batch of a date, a
 * SUPERVISOR other than the preparer confirms it, any finance role reads it, its payout file and its integrity check.
 * The payout bank answers on a signed endpoint.
 */
@Path("/api/v1/settlements")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Finance", description = "Settlement, for finance staff (HTTP Basic)")
public class SettlementResource {

    /** The body of POST /api/v1/settlements. */
    public record BuildRequest(String businessDate) {
    }

    @Inject SettlementService service;
    @Inject SettlementReads reads;
    @Inject SettlementIntegrity integrity;
    @Inject PayoutConfirmations confirmations;
    @Inject SecurityIdentity identity;

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The batch of {businessDate}: 201 when this call built it, 200 when it existed")
    public Uni<Response> build(BuildRequest body) {
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send {businessDate}");
        }
        LocalDate date = QueryParams.businessDate(body.businessDate());
        StaffUser user = Callers.staff(identity);
        return service.build(date, user.username())
                .chain(built -> reads.view(built.batch())
                        .map(view -> Response.status(built.created() ? 201 : 200).entity(view).build()));
    }

    @GET
    @Path("/{businessDate}")
    @Operation(summary = "The batch: totals, held amounts, lines per unit and item with their budget-level splits")
    public Uni<SettlementView> get(@PathParam("businessDate") String businessDate) {
        LocalDate date = QueryParams.businessDate(businessDate);
        return service.find(date).chain(reads::view);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{businessDate}/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor other than the preparer confirms the draft (four eyes); posted and audited")
    public Uni<SettlementView> confirm(@PathParam("businessDate") String businessDate) {
        LocalDate date = QueryParams.businessDate(businessDate);
        StaffUser user = Callers.staff(identity);
        return service.confirm(date, user)
                .chain(reads::view);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{businessDate}/reissue")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor re-issues a failed payout under the next issue number")
    public Uni<SettlementView> reissue(@PathParam("businessDate") String businessDate) {
        LocalDate date = QueryParams.businessDate(businessDate);
        StaffUser user = Callers.staff(identity);
        return service.reissue(date, user)
                .chain(reads::view);
    }

    @POST
    @Path("/{businessDate}/payout-confirmation")
    @Operation(summary = "The payout bank's signed answer (X-Payout-Signature): PAID or FAILED for an issue")
    @RolesAllowed(Roles.PAYOUT_BANK)
    @HttpAuthenticationMechanism(PayoutSignatureMechanism.SCHEME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SettlementView> payoutConfirmation(@PathParam("businessDate") String businessDate) {
        LocalDate date = QueryParams.businessDate(businessDate);
        return confirmations.accept(date, Callers.payoutBody(identity)).chain(reads::view);
    }

    @GET
    @Path("/{businessDate}/payout-file")
    @Produces({ "text/plain", "text/csv" })
    @Operation(summary = "Payout instructions per destination account (voucher format), or ?format=csv for people")
    public Uni<Response> payoutFile(@PathParam("businessDate") String businessDate,
            @QueryParam("format") String format) {
        LocalDate date = QueryParams.businessDate(businessDate);
        boolean csv = "csv".equals(format);
        if (format != null && !csv && !"voucher".equals(format)) {
            throw ProblemException.invalid("format", "must be voucher or csv");
        }
        return service.find(date)
                .chain((Batch batch) -> reads.payoutFile(batch, csv))
                .map(text -> Response.ok(text.getBytes(StandardCharsets.UTF_8))
                        .type(csv ? "text/csv; charset=UTF-8" : "text/plain; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"settlement-" + date
                                + (csv ? ".csv" : ".txt") + "\"")
                        .build());
    }

    @GET
    @Path("/{businessDate}/integrity")
    @Operation(summary = "Checks the batch to the fen against the entries and the ledger; the trial balance is zero")
    public Uni<SettlementIntegrity.Report> integrity(@PathParam("businessDate") String businessDate) {
        LocalDate date = QueryParams.businessDate(businessDate);
        return integrity.check(date);
    }
}
