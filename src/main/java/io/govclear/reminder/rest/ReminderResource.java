package io.govclear.reminder.rest;

import io.govclear.common.GovClearConfig;
import io.govclear.common.Page;
import io.govclear.common.QueryParams;
import io.govclear.reminder.Expiry;
import io.govclear.reminder.MessageOutbox;
import io.govclear.reminder.MessageStatus;
import io.govclear.reminder.Reminders;
import io.govclear.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Staff (HTTP Basic): the message outbox, and the reminder and expiry jobs on demand (ADMIN) for operations and the
 * demo; the jobs also run on their schedules on every instance.
 */
@Path("/api/v1")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations", description = "Reminders, overdue notices and expiry, for staff (HTTP Basic)")
public class ReminderResource {

    @Inject MessageOutbox outbox;
    @Inject Reminders reminders;
    @Inject Expiry expiry;
    @Inject GovClearConfig config;

    @GET
    @Path("/messages")
    @Operation(summary = "The message outbox, newest first: exact text, masked recipient, status")
    public Uni<Page<MessageOutbox.Message>> messages(@QueryParam("status") String status,
            @QueryParam("paymentCode") String paymentCode, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        MessageStatus byStatus = QueryParams.oneOf("status", status, MessageStatus.class);
        String filter = byStatus == null ? null : byStatus.name();
        int pageNo = QueryParams.integer("page", page, 0, 0, 1_000_000);
        int pageSize = QueryParams.integer("size", size, config.orders().defaultPageSize(), 1,
                config.orders().maxPageSize());
        String code = paymentCode == null || paymentCode.isEmpty() ? null : paymentCode;
        return outbox.list(filter, code, pageNo, pageSize);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/reminders/run")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run the daily reminder job now → {queued}")
    public Uni<Map<String, Integer>> runReminders() {
        return reminders.queueDue()
                .map(queued -> Map.of("queued", queued));
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/expiry/run")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run an expiry pass now → {ran, expired, paid, kept}")
    public Uni<Expiry.Pass> runExpiry() {
        return expiry.expireDue();
    }
}
