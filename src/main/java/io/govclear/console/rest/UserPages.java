package io.govclear.console.rest;

import io.govclear.common.ProblemException;
import io.govclear.console.session.ConsoleForms;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.StaffDirectory;
import io.govclear.security.StaffRepository;
import io.govclear.security.StaffUser;
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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * User administration for ADMINs: the list, a new user (its initial password shown once), roles and unit scopes,
 * disable and re-enable, second-factor reset. Each change asks for a reason; a refused change shows why and changes
 * nothing ({@link StaffDirectory} enforces the rules, this page only shows them).
 */
@Path("/console/users")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class UserPages {

    private static final List<String> ROLES = List.of(Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN,
            Roles.UNIT_OFFICER);

    @Inject SecurityIdentity identity;
    @Inject StaffDirectory directory;
    @Inject ConsolePages pages;
    @Inject @Location("console/users.html") Template users;
    @Inject @Location("console/user.html") Template user;

    @GET
    public Uni<TemplateInstance> list() {
        return listPage(null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(@RestForm String username, @RestForm String displayName,
            @RestForm List<String> roles, @RestForm String units, @RestForm String reason) {
        StaffDirectory.NewUser wanted = new StaffDirectory.NewUser(username, displayName, set(roles), unitSet(units));
        return attempt(() -> directory.create(admin(), wanted, reason))
                .chain(password -> directory.find(username)
                        .map(created -> Response.ok(userPage(created).data("password", password)).build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> listPage(e.getMessage())
                        .map(page -> Response.status(((ProblemException) e).status()).entity(page).build()));
    }

    @GET
    @Path("/{username}")
    public Uni<TemplateInstance> show(@PathParam("username") String username) {
        return directory.find(username).map(this::userPage);
    }

    @POST
    @Path("/{username}/access")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> access(@PathParam("username") String username, @RestForm List<String> roles,
            @RestForm String units, @RestForm String reason) {
        return change(username, "角色与可见单位已保存。",
                () -> directory.setAccess(admin(), username, set(roles), unitSet(units), reason));
    }

    @POST
    @Path("/{username}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> status(@PathParam("username") String username, @RestForm String active,
            @RestForm String reason) {
        boolean enable = "true".equals(active);
        return change(username, enable ? "账户已启用。" : "账户已停用。",
                () -> directory.setActive(admin(), username, enable, reason));
    }

    @POST
    @Path("/{username}/second-factor/reset")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resetSecondFactor(@PathParam("username") String username, @RestForm String reason) {
        return change(username, "二次验证已重置，用户下次登录时重新设置。",
                () -> directory.resetSecondFactor(admin(), username, reason));
    }

    private Uni<Response> change(String username, String done, Supplier<Uni<? extends Void>> action) {
        return attempt(action)
                .chain(() -> directory.find(username))
                .map(changed -> Response.ok(userPage(changed).data("notice", done)).build())
                .onFailure(ProblemException.class).recoverWithUni(e -> directory.find(username)
                        .map(unchanged -> Response.status(((ProblemException) e).status())
                                .entity(userPage(unchanged).data("message", e.getMessage())).build()));
    }

    /** Runs the action so that a refusal thrown before it returns a Uni is a failure of the Uni too. */
    private static <T> Uni<T> attempt(Supplier<Uni<? extends T>> action) {
        return Uni.createFrom().deferred(action);
    }

    private Uni<TemplateInstance> listPage(String message) {
        return directory.all().map(all -> {
            TemplateInstance page = users.data("users", all).data("roles", ROLES);
            return pages.page(message == null ? page : page.data("message", message), identity);
        });
    }

    private TemplateInstance userPage(StaffRepository.StoredStaff staff) {
        return pages.page(user.data("staff", staff).data("roles", ROLES)
                .data("self", staff.username().equals(admin().username()))
                .data("unitsText", String.join(",", staff.units().stream().sorted().toList())), identity);
    }

    private StaffUser admin() {
        return Callers.staff(identity);
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : new LinkedHashSet<>(values);
    }

    private static Set<String> unitSet(String units) {
        return units == null ? Set.of() : Arrays.stream(units.split(",")).map(String::strip)
                .filter(u -> !u.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
