package io.govclear.webhook.rest;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.GovClearConfig;
import io.govclear.common.Page;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.StaffUser;
import io.govclear.security.UnitScope;
import io.govclear.webhook.WebhookRepository;
import io.govclear.webhook.WebhookService;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Webhook events for finance staff (README "Webhooks"): every unit's, or a UNIT_OFFICER's own units' only, each with
 * every send and the receiver's answer; a SUPERVISOR, or the unit's own officer, redelivers one with a reason.
 */
@Path("/api/v1/webhooks/events")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Finance")
public class WebhookEventResource {

    /** Why an event is sent again. */
    public record Redeliver(String reason) {
    }

    @Inject SecurityIdentity identity;
    @Inject WebhookService webhooks;
    @Inject CatalogService catalog;
    @Inject GovClearConfig config;

    @GET
    @Operation(summary = "Webhook events, newest first, with every send and answer; unit (code), status (PENDING,"
            + " DELIVERED, FAILED, STALE), from/to (days they occurred, Asia/Shanghai, inclusive) filter; page from 0")
    public Uni<Page<DeliveryResponse>> list(@QueryParam("unit") String unit, @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        WebhookRepository.Filter filter = webhooks.filter(Callers.staff(identity), unit, status, from, to);
        int pageNo = QueryParams.integer("page", page, 0, 0, 1_000_000);
        int pageSize = QueryParams.integer("size", size, config.orders().defaultPageSize(), 1,
                config.orders().maxPageSize());
        Catalog current = catalog.current();
        return webhooks.list(filter, pageNo, pageSize)
                .map(p -> new Page<>(p.page(), p.size(), p.total(),
                        p.items().stream().map(e -> response(e, current)).toList()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One webhook event with every send: status code, the start of the answer, error, duration")
    public Uni<DeliveryResponse> event(@PathParam("id") String id) {
        Catalog current = catalog.current();
        return webhooks.find(id, UnitScope.ids(Callers.staff(identity), current))
                .map(e -> response(e, current));
    }

    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @POST
    @Path("/{id}/redeliver")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send an event again through the delivery job, signed afresh ({reason}; a SUPERVISOR, or"
            + " the officer of its unit); audited. Already queued (PENDING) → 409 WEBHOOK_EVENT_QUEUED")
    public Uni<DeliveryResponse> redeliver(@PathParam("id") String id, Redeliver body) {
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send a JSON body with a reason");
        }
        String reason = RequiredText.of("reason", body.reason(), 500);
        StaffUser user = Callers.staff(identity);
        Catalog current = catalog.current();
        return webhooks.redeliver(id, UnitScope.ids(user, current), user.username(), reason)
                .map(e -> response(e, current));
    }

    static DeliveryResponse response(WebhookRepository.Listed e, Catalog catalog) {
        Catalog.Unit unit = catalog.unit(e.unitId());
        return DeliveryResponse.of(e, unit == null ? null : unit.code());
    }
}
