package io.govclear.payment.rest;

import io.govclear.channel.Channel;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.payment.routing.ChannelOverview;
import io.govclear.payment.routing.ChannelOverview.WindowView;
import io.govclear.payment.routing.MaintenanceSchedule;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
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
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The online channels (README "Channels"): each instance's circuit breaker, the last hour's figures and the
 * maintenance windows; an ADMIN announces and cancels windows, each with a reason, audited; every finance role reads.
 */
@Path("/api/v1/admin/channels")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channels", description = "Circuit breakers, figures and maintenance windows of the online channels")
public class ChannelAdminResource {

    /**
     * A window to announce: {@code startsAt} and {@code endsAt} as ISO-8601 times with an offset
     * ({@code 2026-12-01T23:30:00+08:00}); {@code note} (optional) is what payers are told; {@code reason} is audited.
     */
    public record MaintenanceRequest(String startsAt, String endsAt, String note, String reason) {
    }

    /** Why a window is cancelled. */
    public record CancelRequest(String reason) {
    }

    @Inject ChannelOverview overview;
    @Inject MaintenanceSchedule maintenance;
    @Inject SecurityIdentity identity;
    @Inject Clock clock;

    @GET
    @Operation(summary = "Every online channel: each instance's circuit breaker (stale when that instance stopped"
            + " publishing), the last hour's success rate, calls and notify delay (p50/p95), its maintenance windows")
    public Uni<List<ChannelOverview.ChannelView>> list() {
        return overview.channels();
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{channel}/maintenance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Announce a maintenance window of the channel (startsAt, endsAt, note, reason): routing"
            + " leaves the channel out while it lasts, the cashier page shows it a day ahead")
    public Uni<Response> announce(@PathParam("channel") String channel, MaintenanceRequest body) {
        Channel on = MaintenanceSchedule.channel(channel);
        MaintenanceRequest r = required(body);
        Instant startsAt = time("startsAt", r.startsAt());
        Instant endsAt = time("endsAt", r.endsAt());
        String note = r.note() == null ? null : RequiredText.of("note", r.note(), 100);
        return maintenance.announce(on, startsAt, endsAt, note, who(), RequiredText.of("reason", r.reason(), 200))
                .map(w -> Response.status(Response.Status.CREATED).entity(WindowView.of(w, clock.instant())).build());
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{channel}/maintenance/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a maintenance window ahead or in force (reason): the channel is offered again at"
            + " once; once only")
    public Uni<WindowView> cancel(@PathParam("channel") String channel, @PathParam("id") String id,
            CancelRequest body) {
        Channel on = MaintenanceSchedule.channel(channel);
        String reason = RequiredText.of("reason", required(body).reason(), 200);
        return maintenance.cancel(on, id, who(), reason)
                .map(w -> WindowView.of(w, clock.instant()));
    }

    /** An ISO-8601 time with its offset, required. */
    private static Instant time(String field, String value) {
        if (value == null) {
            throw ProblemException.invalid(field, "is required");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a time with its offset, like 2026-12-01T23:30:00+08:00");
        }
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send a JSON body with a reason");
        }
        return body;
    }

    private String who() {
        return Callers.staff(identity).username();
    }
}
