package io.govclear.console.rest;

import io.govclear.common.GovClearConfig;
import io.govclear.console.session.ConsoleSession;
import io.govclear.console.session.ConsoleSessions;
import io.govclear.console.session.SessionIdentityProvider;
import io.govclear.console.session.SessionMechanism;
import io.govclear.console.session.ConsoleForms;
import io.govclear.security.Roles;
import io.govclear.security.SecurityProblems;
import io.govclear.security.StaffRepository;
import io.govclear.security.StaffSignIn;
import io.govclear.security.Totp;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Signing in to the console: the password form (guarded by a pre-session CSRF token, double-submitted), the second
 * factor or its enrolment, the recovery codes shown once, and signing out. Wrong credentials and unknown users get
 * the same message; a locked account is told so.
 */
@Path("/console")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
public class SignInPages {

    static final String PRELOGIN_COOKIE = "GC_PRELOGIN";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String WRONG = "用户名或密码错误。";

    @Inject StaffSignIn signIn;
    @Inject ConsoleSessions sessions;
    @Inject SecurityIdentity identity;
    @Inject GovClearConfig config;
    @Inject ConsolePages pages;
    @Inject @Location("console/login.html") Template login;
    @Inject @Location("console/second-factor.html") Template secondFactor;
    @Inject @Location("console/enrol.html") Template enrol;
    @Inject @Location("console/recovery-codes.html") Template recoveryCodes;

    @GET
    @Path("/login")
    @PermitAll
    public Response loginForm() {
        return loginPage(null, null, 200);
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(@RestForm String username, @RestForm String password, @RestForm("_prelogin") String token,
            @RestCookie(PRELOGIN_COOKIE) String cookieToken, @Context HttpServerRequest http) {
        if (token == null || cookieToken == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                cookieToken.getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().item(loginPage("页面已过期，请重新登录。", username, 403));
        }
        if (username == null || password == null || username.isEmpty() || username.length() > 32
                || password.length() > 200) {
            return Uni.createFrom().item(loginPage(WRONG, username, 401));
        }
        String client = client(http);
        return signIn.check(username, password, "console", client).chain(outcome -> {
            if (!outcome.passed()) {
                return Uni.createFrom().item(loginPage(outcome.refusal() == StaffSignIn.Refusal.LOCKED
                        ? "登录失败次数过多，账户已锁定 " + config.console().lockFor().toMinutes() + " 分钟。"
                        : WRONG, username, 401));
            }
            StaffRepository.StoredStaff user = outcome.staff();
            return sessions.start(user, client).map(started -> Response
                    .seeOther(URI.create(started.complete() ? "/console" : SecurityProblems.SECOND_FACTOR))
                    .cookie(sessionCookie(started.cookie(), false))
                    .build());
        });
    }

    @GET
    @Path("/login/second-factor")
    @RolesAllowed(Roles.SIGNING_IN)
    public Uni<TemplateInstance> secondFactorForm() {
        ConsoleSession session = session();
        return pages.staff(session.username()).chain(user -> user.totpEnabledAt() != null
                ? Uni.createFrom().item(secondFactor.data("csrf", session.csrfToken()))
                : enrolPage(session, true, "/console/login/enrol", null));
    }

    @POST
    @Path("/login/second-factor")
    @RolesAllowed(Roles.SIGNING_IN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> passSecondFactor(@RestForm String code, @Context HttpServerRequest http) {
        ConsoleSession session = session();
        return sessions.secondFactor(session, code, client(http)).map(outcome -> switch (outcome) {
            case PASSED -> Response.seeOther(URI.create("/console")).build();
            case WRONG -> Response.status(401).entity(secondFactor.data("csrf", session.csrfToken())
                    .data("message", "动态码或恢复码不正确。")).build();
            case LOCKED -> Response.status(401).entity(login.data("prelogin", "").data("username", session.username())
                    .data("message", "验证失败次数过多，账户已锁定 " + config.console().lockFor().toMinutes() + " 分钟。"))
                    .cookie(sessionCookie("", true)).build();
        });
    }

    @POST
    @Path("/login/enrol")
    @RolesAllowed(Roles.SIGNING_IN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> enrolAtSignIn(@RestForm String code, @Context HttpServerRequest http) {
        return finishEnrolment(code, http, true, "/console/login/enrol");
    }

    @POST
    @Path("/account/second-factor")
    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> startEnrolment(@RestForm("_csrf") String csrf) {
        return enrolPage(session(), false, "/console/account/second-factor/confirm", null);
    }

    @POST
    @Path("/account/second-factor/confirm")
    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> confirmEnrolment(@RestForm String code, @Context HttpServerRequest http) {
        return finishEnrolment(code, http, false, "/console/account/second-factor/confirm");
    }

    @POST
    @Path("/logout")
    @RolesAllowed({ Roles.SIGNING_IN, Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signOut(@RestForm("_csrf") String csrf, @Context HttpServerRequest http) {
        return sessions.signOut(session(), client(http)).map(ignored -> Response
                .seeOther(URI.create(SecurityProblems.SIGN_IN)).cookie(sessionCookie("", true)).build());
    }

    private Uni<Response> finishEnrolment(String code, HttpServerRequest http, boolean required, String action) {
        ConsoleSession session = session();
        return sessions.enrol(session, code, client(http)).chain(codes -> codes.isPresent()
                ? Uni.createFrom().item(Response.ok(recoveryCodes.data("codes", codes.get())
                        .data("csrf", session.csrfToken())).build())
                : enrolPage(session, required, action, "动态码不正确，请重试。")
                        .map(page -> Response.status(401).entity(page).build()));
    }

    private Uni<TemplateInstance> enrolPage(ConsoleSession session, boolean required, String action, String message) {
        return sessions.enrolmentSecret(session.username()).map(secret -> {
            TemplateInstance page = enrol.data("secret", Totp.base32(secret))
                    .data("uri", Totp.uri("GovClear", session.username(), secret))
                    .data("required", required).data("action", action).data("csrf", session.csrfToken());
            return message == null ? page : page.data("message", message);
        });
    }

    private Response loginPage(String message, String username, int status) {
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        String prelogin = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        TemplateInstance page = login.data("prelogin", prelogin).data("username", username);
        return Response.status(status).entity(message == null ? page : page.data("message", message))
                .cookie(cookie(PRELOGIN_COOKIE, prelogin, "/console/login", false))
                .build();
    }

    private ConsoleSession session() {
        return SessionIdentityProvider.session(identity).orElseThrow();
    }

    private NewCookie sessionCookie(String value, boolean expire) {
        return cookie(SessionMechanism.COOKIE, value, "/", expire);
    }

    private NewCookie cookie(String name, String value, String path, boolean expire) {
        NewCookie.Builder cookie = new NewCookie.Builder(name).value(value).path(path).httpOnly(true)
                .secure(config.console().secureCookie()).sameSite(NewCookie.SameSite.STRICT);
        return (expire ? cookie.maxAge(0) : cookie).build();
    }

    static String client(HttpServerRequest http) {
        return http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }
}
