package io.govclear.console.rest;

import io.govclear.alert.AlertRepository.Shown;
import io.govclear.alert.AlertRepository.StoredAlert;
import io.govclear.alert.AlertService;
import io.govclear.alert.rest.AlertResource;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import io.govclear.console.session.ConsoleForms;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Alerts in the console (/console/alerts, "告警", 交易监控): what the engine found abnormal, newest first, open until a
 * SUPERVISOR or ADMIN acknowledges it with a note (once, audited), with when its condition cleared. The rules are
 * {@link AlertService}'s; the conditions and thresholds are README "Alerts".
 */
@Path("/console/alerts")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class AlertPages {

    static final int PAGE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(Clocks.BUSINESS_ZONE);

    /** An alert as the page shows it. */
    public record Row(long id, String kind, String subject, String raisedAt, String lastSeenAt, String resolvedAt,
            List<String> details, String acknowledgedBy, String acknowledgedAt, String note) {

        static Row of(StoredAlert a) {
            return new Row(a.id(), a.kind().name(), a.subject(), time(a.raisedAt()), time(a.lastSeenAt()),
                    time(a.resolvedAt()), new TreeMap<>(a.details()).entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue()).toList(),
                    a.acknowledgedBy(), time(a.acknowledgedAt()), a.acknowledgeNote());
        }
    }

    @Inject SecurityIdentity identity;
    @Inject AlertService alerts;
    @Inject ConsolePages pages;
    @Inject @Location("console/alerts.html") Template page;

    @GET
    public Uni<Response> list(@RestQuery String status, @RestQuery("page") String pageNo) {
        return view(status, pageNo, null, null).map(p -> Response.ok(p).build())
                .onFailure(ProblemException.class).recoverWithUni(e -> refused((ProblemException) e));
    }

    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> acknowledge(@PathParam("id") String id, @RestForm String note, @RestQuery String status,
            @RestQuery("page") String pageNo) {
        return Uni.createFrom().deferred(() -> alerts.acknowledge(id, Callers.staff(identity).username(),
                        RequiredText.of("note", note, 500)))
                .chain(a -> view(status, pageNo, "告警 " + id + " 已确认。", null))
                .map(p -> Response.ok(p).build())
                .onFailure(ProblemException.class).recoverWithUni(e -> view(status, pageNo, null,
                                (ProblemException) e)
                        .map(p -> Response.status(((ProblemException) e).status()).entity(p).build())
                        .onFailure(ProblemException.class).recoverWithUni(again -> refused((ProblemException) e)));
    }

    /** The open alerts with what was refused (a bad filter), answered with the problem's status. */
    private Uni<Response> refused(ProblemException problem) {
        return view(null, null, null, problem).map(p -> Response.status(problem.status()).entity(p).build());
    }

    private Uni<TemplateInstance> view(String status, String pageNo, String notice, ProblemException refused) {
        return Uni.createFrom().deferred(() -> {
            Shown shown = AlertResource.shown(ConsoleQuery.text(status));
            int number = QueryParams.integer("page", ConsoleQuery.text(pageNo), 1, 1, 100_000);
            return alerts.list(shown, number - 1, PAGE).map(found -> {
                String filter = shown.name().toLowerCase(Locale.ROOT);
                TemplateInstance p = page.data("alerts", found.items().stream().map(Row::of).toList())
                        .data("total", found.total()).data("shown", filter).data("page", number)
                        .data("shownValues", List.of("open", "acknowledged", "all"))
                        .data("acknowledger", has(Roles.SUPERVISOR) || has(Roles.ADMIN) ? true : null);
                if (number > 1) {
                    p = p.data("previous", number - 1);
                }
                if ((long) number * PAGE < found.total()) {
                    p = p.data("next", number + 1);
                }
                return pages.page(p, identity, notice, refused);
            });
        });
    }

    private boolean has(String role) {
        return Callers.staff(identity).roles().contains(role);
    }

    private static String time(Instant at) {
        return at == null ? null : TIME.format(at);
    }
}
