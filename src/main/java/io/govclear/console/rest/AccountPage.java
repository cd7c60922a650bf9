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

/** The signed-in user's own account: who they are, their roles and scope, the second factor (offered to everyone). */
@Path("/console")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
public class AccountPage {

    @Inject SecurityIdentity identity;
    @Inject ConsolePages pages;
    @Inject @Location("console/account.html") Template account;

    @GET
    @Path("/account")
    public Uni<TemplateInstance> account() {
        String username = Callers.staff(identity).username();
        return pages.staff(username).chain(row -> pages.recoveryCodesLeft(username)
                .map(left -> pages.page(account.data("enrolled", row.totpEnabledAt() != null)
                        .data("recoveryLeft", left), identity)));
    }
}
