package io.govclear.console.rest;

import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.console.session.ConsoleForms;
import io.govclear.dayclose.DayClose;
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
import java.time.Clock;
import java.time.LocalDate;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Day close in the console (/console/days): what a day's close still needs, the close by a SUPERVISOR with a reason,
 * and a closed day's frozen figures with who signed them off. The rules are {@link DayClose}'s.
 */
@Path("/console/days")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class DayPages {

    @Inject SecurityIdentity identity;
    @Inject DayClose days;
    @Inject ConsolePages pages;
    @Inject Clock clock;
    @Inject @Location("console/day.html") Template page;

    @GET
    public Uni<TemplateInstance> day(@RestQuery String date) {
        return view(ConsolePages.dayOrYesterday(date, clock), null, null);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{date}/close")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> close(@PathParam("date") String date, @RestForm String reason) {
        LocalDate day = QueryParams.businessDate(date);
        return ConsolePages.answer(() -> days.close(day, reason, Callers.staff(identity))
                        .replaceWith(day + " 已日结，数据已冻结。"), notice -> view(day, notice, null),
                refused -> view(day, null, refused));
    }

    private Uni<TemplateInstance> view(LocalDate day, String notice, ProblemException refused) {
        return days.state(day).map(state -> {
            TemplateInstance p = page.data("day", day).data("previousDay", day.minusDays(1))
                    .data("nextDay", day.plusDays(1)).data("state", state)
                    .data("close", state.closed().orElse(null))
                    .data("closer", Callers.staff(identity).roles().contains(Roles.SUPERVISOR) ? true : null);
            return pages.page(p, identity, notice, refused);
        });
    }
}
