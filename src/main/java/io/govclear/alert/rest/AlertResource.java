package io.govclear.alert.rest;

import io.govclear.alert.AlertRepository.Shown;
import io.govclear.alert.AlertService;
import io.govclear.common.GovClearConfig;
import io.govclear.common.Page;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Alerts for finance staff (README "Alerts", 交易监控): the list, and a SUPERVISOR's or ADMIN's acknowledgement with a
 * note, once, audited under their name.
 */
@Path("/api/v1/alerts")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Finance")
public class AlertResource {

    /** A person's acknowledgement. */
    public record Acknowledge(String note) {
    }

    @Inject AlertService alerts;
    @Inject SecurityIdentity identity;
    @Inject GovClearConfig config;

    @GET
    @Operation(summary = "Alerts, newest first: status open (the default: not acknowledged yet), acknowledged or all;"
            + " page from 0")
    public Uni<Page<AlertResponse>> list(@QueryParam("status") String status, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Shown shown = shown(status);
        int pageNo = QueryParams.integer("page", page, 0, 0, 1_000_000);
        int pageSize = QueryParams.integer("size", size, config.orders().defaultPageSize(), 1,
                config.orders().maxPageSize());
        return alerts.list(shown, pageNo, pageSize)
                .map(p -> new Page<>(p.page(), p.size(), p.total(), p.items().stream().map(AlertResponse::of)
                        .toList()));
    }

    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge an alert with {note} (SUPERVISOR or ADMIN), once: again → 409"
            + " ALERT_ALREADY_ACKNOWLEDGED")
    public Uni<AlertResponse> acknowledge(@PathParam("id") String id, Acknowledge body) {
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send a JSON body with a note");
        }
        String note = RequiredText.of("note", body.note(), 500);
        return alerts.acknowledge(id, Callers.staff(identity).username(), note)
                .map(AlertResponse::of);
    }

    /** The list's status, as the API writes it: open, acknowledged or all (absent: open). */
    public static Shown shown(String status) {
        if (status == null || status.isEmpty()) {
            return Shown.OPEN;
        }
        for (Shown shown : Shown.values()) {
            if (shown.name().toLowerCase(Locale.ROOT).equals(status)) {
                return shown;
            }
        }
        throw ProblemException.invalid("status", "must be open, acknowledged or all");
    }
}
