package io.govclear.dayclose.rest;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.dayclose.DayClose;
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
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Day close (日结, README "Day close"): a business day's state, and its close by a SUPERVISOR. */
@Path("/api/v1/days")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Day close", description = "Closing a business day and its frozen figures")
public class DayResource {

    /** A day: closed (with its frozen totals and digest) or not, with what its close still needs. */
    public record DayView(LocalDate businessDate, boolean closed, boolean ready, List<String> missing,
            DayClose.Closed close) {

        static DayView of(DayClose.State s) {
            return new DayView(s.businessDate(), s.closed().isPresent(), s.ready(), s.missing(),
                    s.closed().orElse(null));
        }
    }

    /** The sign-off's reason. */
    public record Close(String reason) {
    }

    @Inject DayClose days;
    @Inject SecurityIdentity identity;

    @GET
    @Path("/{businessDate}")
    @Operation(summary = "The day: its close, or what its close still needs")
    public Uni<DayView> day(@PathParam("businessDate") String businessDate) {
        return days.state(QueryParams.businessDate(businessDate)).map(DayView::of);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{businessDate}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor closes the day with a reason: its figures frozen; once (409 after); 422 while"
            + " a channel is not reconciled, its funds not matched or its settlement not confirmed")
    public Uni<DayView> close(@PathParam("businessDate") String businessDate, Close body) {
        LocalDate date = QueryParams.businessDate(businessDate);
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send {reason}");
        }
        return days.close(date, body.reason(), Callers.staff(identity)).chain(c -> days.state(date)).map(DayView::of);
    }
}
