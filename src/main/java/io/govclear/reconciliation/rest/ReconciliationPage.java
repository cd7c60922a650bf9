package io.govclear.reconciliation.rest;

import io.govclear.common.Yuan;
import io.govclear.reconciliation.DiscrepancyRepository;
import io.govclear.security.Roles;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A simple HTML report of one run for finance staff (the full console comes later). */
@Path("/finance/reconciliations")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.TEXT_HTML)
public class ReconciliationPage {

    @Inject ReconciliationResource api;
    @Inject DiscrepancyRepository discrepancies;
    @Inject Template reconciliation;

    /** A class row: name, count, amount in yuan. */
    public record ClassRow(String name, long count, String amount) {
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The report of a run (HTML)")
    public Uni<TemplateInstance> page(@PathParam("id") String id) {
        return api.run(ReconciliationResource.runId(id))
                .chain(run -> api.view(run).chain(view -> discrepancies.ofRun(run.id(), null, null)
                        .map(list -> reconciliation
                                .data("run", view)
                                .data("classes", view.classes().entrySet().stream()
                                        .map(e -> new ClassRow(e.getKey(), e.getValue().count(),
                                                Yuan.format(e.getValue().amountFen())))
                                        .toList())
                                .data("statementPayments", Yuan.format(view.statementTotals().paymentFen()))
                                .data("statementRefunds", Yuan.format(view.statementTotals().refundFen()))
                                .data("platform", Yuan.format(view.platformTotals().amountFen()))
                                .data("fees", Yuan.format(view.feeTotals().netFeeFen()))
                                .data("discrepancies", list.stream().map(DiscrepancyView::of).toList()))));
    }
}
