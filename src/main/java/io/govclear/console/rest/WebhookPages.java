package io.govclear.console.rest;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import io.govclear.console.session.ConsoleForms;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.StaffUser;
import io.govclear.security.UnitScope;
import io.govclear.webhook.WebhookEventStatus;
import io.govclear.webhook.WebhookRepository;
import io.govclear.webhook.WebhookService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The units' webhooks in the console (/console/webhooks, "通知"): events by unit, delivery status and day, each with
 * every send and what the receiver answered; a SUPERVISOR, or the officer of the event's unit, redelivers one with a
 * reason (through the delivery job, audited, refused while it is queued). A UNIT_OFFICER sees their units' events
 * only. The rules are {@link WebhookService}'s.
 */
@Path("/console/webhooks")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
public class WebhookPages {

    static final int PAGE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(Clocks.BUSINESS_ZONE);

    /** The filter as typed, shown back in the form; the redeliver forms post to a URL that carries it too. */
    public static class Query {
        @RestQuery public String unit;
        @RestQuery public String status;
        @RestQuery public String from;
        @RestQuery public String to;
        @RestQuery public String page;

        Map<String, String> asMap() {
            Map<String, String> map = new LinkedHashMap<>();
            String[][] pairs = { { "unit", unit }, { "status", status }, { "from", from }, { "to", to } };
            for (String[] pair : pairs) {
                if (pair[1] != null && !pair[1].isBlank()) {
                    map.put(pair[0], pair[1]);
                }
            }
            return map;
        }
    }

    /** An event as the page shows it. */
    public record Row(String eventId, String unit, String type, String paymentCode, String orderStatus,
            String occurredAt, String status, int attempts, String nextAttemptAt, String deliveredAt,
            List<Send> sends, boolean queued) {
    }

    /** One send and its answer. */
    public record Send(int attemptNo, String attemptedAt, Integer statusCode, String answer, String error,
            int durationMs) {
    }

    @Inject SecurityIdentity identity;
    @Inject WebhookService webhooks;
    @Inject CatalogService catalog;
    @Inject ConsolePages pages;
    @Inject @Location("console/webhooks.html") Template page;

    @GET
    public Uni<Response> list(@BeanParam Query query) {
        return view(query, null, null).map(p -> Response.ok(p).build())
                .onFailure(ProblemException.class).recoverWithUni(e -> refused(query, (ProblemException) e));
    }

    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @POST
    @Path("/{eventId}/redeliver")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> redeliver(@PathParam("eventId") String eventId, @RestForm String reason,
            @BeanParam Query query) {
        StaffUser user = Callers.staff(identity);
        return Uni.createFrom().deferred(() -> webhooks.redeliver(eventId, UnitScope.ids(user, catalog.current()),
                        user.username(), RequiredText.of("reason", reason, 500)))
                .chain(e -> view(query, "事件 " + eventId + " 已重新排队，将由推送任务重新签名发送。", null))
                .map(p -> Response.ok(p).build())
                .onFailure(ProblemException.class).recoverWithUni(e -> refused(query, (ProblemException) e));
    }

    /** The page with what was refused, answered with the problem's status. */
    private Uni<Response> refused(Query query, ProblemException problem) {
        return view(query, null, problem)
                .onFailure(ProblemException.class).recoverWithItem(e -> empty(query).data("message", e.getMessage()))
                .map(p -> Response.status(problem.status()).entity(p).build());
    }

    private Uni<TemplateInstance> view(Query query, String notice, ProblemException refused) {
        return Uni.createFrom().deferred(() -> {
            StaffUser user = Callers.staff(identity);
            WebhookRepository.Filter filter = webhooks.filter(user, query.unit, query.status, query.from, query.to);
            int pageNo = QueryParams.integer("page", ConsoleQuery.text(query.page), 1, 1, 100_000);
            Catalog current = catalog.current();
            return webhooks.list(filter, pageNo - 1, PAGE).map(found -> {
                TemplateInstance p = base(query, user, current)
                        .data("events", found.items().stream().map(e -> row(e, current)).toList())
                        .data("total", found.total()).data("page", pageNo);
                if (pageNo > 1) {
                    p = p.data("previous", pageNo - 1);
                }
                if ((long) pageNo * PAGE < found.total()) {
                    p = p.data("next", pageNo + 1);
                }
                return pages.page(p, identity, notice, refused);
            });
        });
    }

    /** The page without events, for a filter that cannot be read. */
    private TemplateInstance empty(Query query) {
        StaffUser user = Callers.staff(identity);
        return pages.page(base(query, user, catalog.current()).data("events", List.of()).data("total", 0L)
                .data("page", 1), identity);
    }

    private TemplateInstance base(Query query, StaffUser user, Catalog current) {
        return page.data("q", query).data("units", UnitScope.visible(user, current))
                .data("statuses", Arrays.stream(WebhookEventStatus.values()).map(Enum::name).toList())
                .data("query", ConsoleQuery.encode(query.asMap()))
                .data("redeliverer", user.roles().contains(Roles.SUPERVISOR)
                        || user.roles().contains(Roles.UNIT_OFFICER) ? true : null);
    }

    private static Row row(WebhookRepository.Listed e, Catalog current) {
        Catalog.Unit unit = current.unit(e.unitId());
        return new Row(e.eventId().toString(), unit == null ? Long.toString(e.unitId()) : unit.code(), e.type(),
                e.paymentCode(), e.orderStatus(), time(e.occurredAt()), e.status(), e.attempts(),
                time(e.nextAttemptAt()), time(e.deliveredAt()), e.sends().stream()
                        .map(s -> new Send(s.attemptNo(), time(s.attemptedAt()), s.statusCode(), s.answerExcerpt(),
                                s.error(), s.durationMs()))
                        .toList(), WebhookEventStatus.PENDING.name().equals(e.status()));
    }

    private static String time(Instant at) {
        return at == null ? null : TIME.format(at);
    }
}
