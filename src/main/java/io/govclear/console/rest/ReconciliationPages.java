package io.govclear.console.rest;

import io.govclear.channel.Channel;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.console.session.ConsoleForms;
import io.govclear.reconciliation.DiscrepancyClass;
import io.govclear.reconciliation.DiscrepancyRepository;
import io.govclear.reconciliation.DiscrepancyStatus;
import io.govclear.reconciliation.ReconciliationService;
import io.govclear.reconciliation.ResolutionAction;
import io.govclear.reconciliation.RunRepository;
import io.govclear.reconciliation.rest.DiscrepancyView;
import io.govclear.reconciliation.rest.ReconciliationResource;
import io.govclear.reconciliation.rest.RunView;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Reconciliation in the console (/console/reconciliations): a business date's runs per channel with their status,
 * statement totals, classes and fees; a run's discrepancies filtered by class and status; a SUPERVISOR resolves one
 * in suspense (an action and a reason, once: a second try, by anyone, is told it was resolved and by whom) or re-runs
 * a finished run with a reason. Every rule is {@link ReconciliationService}'s; the page only offers what it allows.
 */
@Path("/console/reconciliations")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class ReconciliationPages {

    /** A class row of a run: its name, count and amount. */
    public record ClassRow(String name, long count, long amountFen) {
    }

    @Inject SecurityIdentity identity;
    @Inject ReconciliationService service;
    @Inject ReconciliationResource api;
    @Inject RunRepository runs;
    @Inject DiscrepancyRepository discrepancies;
    @Inject ConsolePages pages;
    @Inject Clock clock;
    @Inject @Location("console/reconciliations.html") Template day;
    @Inject @Location("console/reconciliation.html") Template run;

    @GET
    public Uni<TemplateInstance> day(@RestQuery String date) {
        return dayView(ConsolePages.dayOrYesterday(date, clock), null, null);
    }

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> open(@RestForm String date, @RestForm String channel) {
        LocalDate d = QueryParams.businessDate(date);
        Channel c = QueryParams.oneOf("channel", channel, Channel.class);
        if (c == null) {
            throw ProblemException.invalid("channel", "is required");
        }
        return ConsolePages.answer(() -> service.open(c, d, who()).map(o -> o.created() ? "已发起 " + d + " " + c + " 的对账。"
                : d + " " + c + " 的对账已存在。"), notice -> dayView(d, notice, null), e -> dayView(d, null, e));
    }

    @GET
    @Path("/{id}")
    public Uni<TemplateInstance> run(@PathParam("id") String id, @RestQuery("class") String cls,
            @RestQuery String status) {
        return runView(id, cls, status, null, null);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{id}/rerun")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> rerun(@PathParam("id") String id, @RestForm String reason) {
        long runId = id(id);
        return ConsolePages.answer(() -> service.rerun(runId, reason, Callers.staff(identity)).map(r -> "已重新对账（第 "
                + r.generation() + " 次），原差异已被取代。"), notice -> runView(id, null, null, notice, null),
                e -> runView(id, null, null, null, e));
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{id}/discrepancies/{discrepancyId}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resolve(@PathParam("id") String id, @PathParam("discrepancyId") String discrepancyId,
            @RestForm String action, @RestForm String reason) {
        long runId = id(id);
        ResolutionAction how = QueryParams.oneOf("action", action, ResolutionAction.class);
        if (how == null) {
            throw ProblemException.invalid("action", "is required");
        }
        return ConsolePages.answer(() -> discrepancyId(discrepancyId).chain(d -> service.resolve(runId, d, how, reason,
                        Callers.staff(identity)))
                .map(d -> "差异 " + d.id() + " 已处理：" + Labels.ACTION.get(how.name()) + "，挂账已转出。"),
                notice -> runView(id, null, null, notice, null), e -> runView(id, null, null, null, e));
    }

    private static Uni<Long> discrepancyId(String id) {
        return Uni.createFrom().item(() -> {
            if (id == null || !id.matches("[1-9][0-9]{0,17}")) {
                throw new ProblemException(io.govclear.common.ProblemCode.DISCREPANCY_NOT_FOUND,
                        "No discrepancy " + id);
            }
            return Long.parseLong(id);
        });
    }

    private Uni<TemplateInstance> dayView(LocalDate date, String notice, ProblemException refused) {
        return runs.ofDay(date)
                .chain(list -> Multi.createFrom().iterable(list).onItem().transformToUniAndConcatenate(api::view)
                        .collect().asList())
                .map(views -> {
                    TemplateInstance p = day.data("day", date).data("previousDay", date.minusDays(1))
                            .data("nextDay", date.plusDays(1)).data("runs", views)
                            .data("missing", Arrays.stream(Channel.values())
                                    .filter(c -> c != Channel.TRANSFER && views.stream()
                                            .noneMatch(v -> v.channel().equals(c.name())))
                                    .map(Enum::name).toList())
                            .data("opener", has(Roles.CLERK) || has(Roles.SUPERVISOR) || has(Roles.ADMIN) ? true : null)
                            // a run at work: the page follows it until it is done
                            .data("working", views.stream().anyMatch(v -> !v.status().equals("COMPLETED")
                                    && !v.status().equals("FAILED")) ? true : null);
                    return pages.page(p, identity, notice, refused);
                });
    }

    private Uni<TemplateInstance> runView(String id, String cls, String status, String notice,
            ProblemException refused) {
        DiscrepancyClass byClass = QueryParams.oneOf("class", cls, DiscrepancyClass.class);
        DiscrepancyStatus byStatus = QueryParams.oneOf("status", status, DiscrepancyStatus.class);
        return api.run(id(id)).chain(r -> api.view(r).chain(view -> discrepancies.ofRun(r.id(), byClass, byStatus)
                .map(list -> {
                    TemplateInstance p = run.data("run", view).data("classes", rows(view))
                            .data("discrepancies", list.stream().map(DiscrepancyView::of).toList())
                            .data("classFilter", cls == null ? "" : cls).data("statusFilter", status == null ? "" : status)
                            .data("classNames", Arrays.stream(DiscrepancyClass.values())
                                    .filter(c -> c != DiscrepancyClass.MATCHED).map(Enum::name).toList())
                            .data("statusNames", Arrays.stream(DiscrepancyStatus.values()).map(Enum::name).toList())
                            .data("actions", Arrays.stream(ResolutionAction.values()).map(Enum::name).toList())
                            .data("resolver", has(Roles.SUPERVISOR) ? true : null);
                    return pages.page(p, identity, notice, refused);
                })));
    }

    private static List<ClassRow> rows(RunView view) {
        return view.classes().entrySet().stream()
                .map(e -> new ClassRow(e.getKey(), e.getValue().count(), e.getValue().amountFen())).toList();
    }

    private static long id(String id) {
        return ReconciliationResource.runId(id);
    }

    private boolean has(String role) {
        return Callers.staff(identity).roles().contains(role);
    }

    private String who() {
        return Callers.staff(identity).username();
    }
}
