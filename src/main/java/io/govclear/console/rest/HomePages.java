package io.govclear.console.rest;

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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The console's start page and the signed-in user's own account (second factor offered to everyone). */
@Path("/console")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
public class HomePages {

    @Inject SecurityIdentity identity;
    @Inject ConsolePages pages;
    @Inject @Location("console/home.html") Template home;
    @Inject @Location("console/account.html") Template account;

    @GET
    public TemplateInstance home() {
        return pages.page(home.instance(), identity);
    }

    @GET
    @Path("/account")
    public Uni<TemplateInstance> account() {
        String username = Callers.staff(identity).username();
        return pages.staff(username).chain(row -> pages.recoveryCodesLeft(username)
                .map(left -> pages.page(account.data("enrolled", row.totpEnabledAt() != null)
                        .data("recoveryLeft", left), identity)));
    }
}
