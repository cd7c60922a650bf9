package io.govclear.reconciliation.rest;

import io.govclear.channel.Channel;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.reconciliation.DiscrepancyClass;
import io.govclear.reconciliation.DiscrepancyStatus;
import io.govclear.reconciliation.ReconciliationService;
import io.govclear.reconciliation.ResolutionAction;
import io.govclear.reconciliation.Run;
import io.govclear.reconciliation.DiscrepancyRepository;
import io.govclear.reconciliation.RunRepository;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.StaffUser;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reconciliation for finance staff (HTTP Basic). Any finance role reads; CLERK, SUPERVISOR and ADMIN start a run; only
 * a SUPERVISOR re-runs a run or resolves a discrepancy (both audited with the reason given).
 */
@Path("/api/v1/reconciliations")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Finance", description = "Reconciliation, for finance staff (HTTP Basic)")
public class ReconciliationResource {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    @Inject ReconciliationService service;
    @Inject RunRepository runs;
    @Inject DiscrepancyRepository discrepancies;
    @Inject SecurityIdentity identity;

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The run for {channel, businessDate}: 201 when this call opened it, 200 when it existed")
    public Uni<Response> open(Requests.OpenRun body) {
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send {channel, businessDate}");
        }
        Channel channel = channel(body.channel());
        LocalDate date = QueryParams.businessDate(body.businessDate());
        StaffUser user = Callers.staff(identity);
        return service.open(channel, date, user.username())
                .chain(opened -> view(opened.run())
                        .map(view -> Response.status(opened.created() ? 201 : 200).entity(view).build()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run: status, per class count and amount, statement, platform and fee totals")
    public Uni<RunView> get(@PathParam("id") String id) {
        return run(runId(id)).chain(this::view);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{id}/rerun")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor runs a finished run again, with a reason (audited)")
    public Uni<RunView> rerun(@PathParam("id") String id, Requests.Rerun body) {
        long runId = runId(id);
        StaffUser user = Callers.staff(identity);
        return service.rerun(runId, body == null ? null : body.reason(), user)
                .chain(this::view);
    }

    @GET
    @Path("/{id}/discrepancies")
    @Operation(summary = "The run's discrepancies, optionally by class and status")
    public Uni<List<DiscrepancyView>> discrepancies(@PathParam("id") String id, @QueryParam("class") String cls,
            @QueryParam("status") String status) {
        DiscrepancyClass byClass = QueryParams.oneOf("class", cls, DiscrepancyClass.class);
        DiscrepancyStatus byStatus = QueryParams.oneOf("status", status, DiscrepancyStatus.class);
        return run(runId(id))
                .chain(run -> discrepancies.ofRun(run.id(), byClass, byStatus))
                .map(list -> list.stream().map(DiscrepancyView::of).toList());
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{id}/discrepancies/{discrepancyId}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor resolves a discrepancy in suspense: TRUST_CHANNEL, TRUST_PLATFORM, REFUND or"
            + " WRITE_OFF, with a reason; posted and audited; a second time is 409")
    public Uni<DiscrepancyView> resolve(@PathParam("id") String id, @PathParam("discrepancyId") String discrepancyId,
            Requests.Resolve body) {
        long runId = runId(id);
        long discrepancy = id(discrepancyId, ProblemCode.DISCREPANCY_NOT_FOUND, "Run " + id + " has no discrepancy ");
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send {action, reason}");
        }
        ResolutionAction action = QueryParams.oneOf("action", body.action(), ResolutionAction.class);
        if (action == null) {
            throw ProblemException.invalid("action", "is required");
        }
        StaffUser user = Callers.staff(identity);
        return service.resolve(runId, discrepancy, action, body.reason(), user)
                .map(DiscrepancyView::of);
    }

    @GET
    @Path("/{id}/report.csv")
    @Produces("text/csv")
    @Operation(summary = "The run's discrepancies as CSV for finance (UTF-8 with BOM)")
    public Uni<Response> csv(@PathParam("id") String id) {
        return run(runId(id))
                .chain(run -> discrepancies.ofRun(run.id(), null, null)
                        .map(list -> Response.ok(ReportCsv.render(run, list))
                                .type("text/csv; charset=UTF-8")
                                .header("Content-Disposition", "attachment; filename=\"reconciliation-"
                                        + run.channel().slug() + "-" + run.businessDate() + ".csv\"")
                                .build()));
    }

    /**
     * The run id of the path: its decimal digits exactly as the API writes them. Long.valueOf would also take "+7",
     * "07" or full-width digits and act on run 7; such a path names no run.
     */
    public static long runId(String id) {
        return id(id, ProblemCode.RECONCILIATION_NOT_FOUND, "No reconciliation run ");
    }

    private static long id(String id, ProblemCode notFound, String detail) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ProblemException(notFound, detail + id);
        }
        return Long.parseLong(id);
    }

    public Uni<Run> run(long id) {
        return runs.find(id).map(found -> found.orElseThrow(() -> new ProblemException(
                ProblemCode.RECONCILIATION_NOT_FOUND, "No reconciliation run " + id)));
    }

    public Uni<RunView> view(Run run) {
        return discrepancies.classTotals(run).map(totals -> RunView.of(run, totals));
    }

    private static Channel channel(String name) {
        Channel channel = QueryParams.oneOf("channel", name, Channel.class);
        if (channel == null) {
            throw ProblemException.invalid("channel", "is required");
        }
        return channel;
    }
}
