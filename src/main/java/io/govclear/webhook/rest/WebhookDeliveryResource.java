package io.govclear.webhook.rest;

import io.govclear.common.GovClearConfig;
import io.govclear.common.Page;
import io.govclear.common.QueryParams;
import io.govclear.order.service.OrderService;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.SignedRequest;
import io.govclear.security.UnitSignatureMechanism;
import io.govclear.webhook.WebhookEventStatus;
import io.govclear.webhook.WebhookRepository;
import io.govclear.webhook.WebhookService;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A unit's webhook events and their sends (signed unit API): its own events only, and a manual re-send. */
@Path("/api/v1/webhook-deliveries")
@RolesAllowed(Roles.UNIT)
@HttpAuthenticationMechanism(UnitSignatureMechanism.SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collecting units")
@SecurityRequirement(name = "unitSignature")
public class WebhookDeliveryResource {

    @Inject SecurityIdentity identity;
    @Inject OrderService orders;
    @Inject WebhookService webhooks;
    @Inject GovClearConfig config;

    @GET
    @Operation(summary = "The unit's webhook events, newest first, with every send; status filters, page from 0")
    public Uni<Page<DeliveryResponse>> list(@QueryParam("status") String status, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        SignedRequest request = Callers.unit(identity);
        WebhookEventStatus byStatus = QueryParams.oneOf("status", status, WebhookEventStatus.class);
        WebhookRepository.Filter filter = new WebhookRepository.Filter(Set.of(request.unit().id()),
                byStatus == null ? null : byStatus.name(), null, null);
        int pageNo = QueryParams.integer("page", page, 0, 0, 1_000_000);
        int pageSize = QueryParams.integer("size", size, config.orders().defaultPageSize(), 1,
                config.orders().maxPageSize());
        return orders.recordNonce(request)
                .chain(() -> webhooks.list(filter, pageNo, pageSize))
                .map(p -> new Page<>(p.page(), p.size(), p.total(),
                        p.items().stream().map(e -> DeliveryResponse.of(e, request.unit().code())).toList()));
    }

    @POST
    @Path("/{id}/resend")
    @Operation(summary = "Send one of the unit's events again now (same body and eventId, fresh signature)")
    public Uni<DeliveryResponse> resend(@PathParam("id") String id) {
        SignedRequest request = Callers.unit(identity);
        return orders.recordNonce(request)
                .chain(() -> webhooks.resend(request.unit().id(), id, request.receivedAt()))
                .map(e -> DeliveryResponse.of(e, request.unit().code()));
    }
}
