package io.govclear.security;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.ProblemMappers;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus security's failures as problems. A mechanism or identity provider that refuses a credential fails with
 * the {@link ProblemException} it means (INVALID_SIGNATURE, STALE_TIMESTAMP, BANK_NOT_FOUND, …). A request without
 * any credential answers the problem of the endpoint's scheme; a caller without the role, 403 FORBIDDEN.
 */
public class SecurityProblems {

    /** The console's sign-in form and its second step. */
    public static final String SIGN_IN = "/console/login";
    public static final String SECOND_FACTOR = "/console/login/second-factor";

    @Inject ProblemMappers mappers;
    @Inject SecurityIdentity identity;

    @ServerExceptionMapper
    public Response failed(AuthenticationFailedException e, UriInfo uri, ResourceInfo resource) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return mappers.respond(problem, uri);
            }
        }
        return anonymous(uri, resource);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri, ResourceInfo resource) {
        return anonymous(uri, resource);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
        if (console(uri) && identity.hasRole(Roles.SIGNING_IN)) {
            // a session still at the second factor, on any other console page: back to finishing the sign-in
            return Response.seeOther(URI.create(SECOND_FACTOR)).build();
        }
        RolesAllowed roles = annotation(resource, RolesAllowed.class);
        return mappers.respond(new ProblemException(ProblemCode.FORBIDDEN, roles == null
                ? "This caller may not do this"
                : "This needs one of the roles " + String.join(", ", roles.value())), uri);
    }

    private Response anonymous(UriInfo uri, ResourceInfo resource) {
        if (console(uri)) {
            // a browser without a live session: to the sign-in form
            return Response.seeOther(URI.create(SIGN_IN)).build();
        }
        HttpAuthenticationMechanism scheme = annotation(resource, HttpAuthenticationMechanism.class);
        if (scheme != null) {
            return mappers.respond(switch (scheme.value()) {
                case UnitSignatureMechanism.SCHEME -> UnitIdentityProvider.missingHeaders();
                case PayoutSignatureMechanism.SCHEME -> PayoutSignatureMechanism.invalid();
                default -> new ProblemException(ProblemCode.INVALID_SIGNATURE, "This endpoint takes requests signed"
                        + " by " + scheme.value());
            }, uri);
        }
        Response staff = mappers.respond(new ProblemException(ProblemCode.UNAUTHENTICATED,
                "Finance staff sign in with HTTP Basic"), uri);
        return Response.fromResponse(staff).header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"GovClear\"").build();
    }

    /** A console page: HTML for a browser, answered with redirects rather than problems. */
    private static boolean console(UriInfo uri) {
        String path = uri.getPath();
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** The annotation on the endpoint's method, else on its class. */
    private static <A extends Annotation> A annotation(ResourceInfo resource, Class<A> type) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        A onMethod = method.getAnnotation(type);
        return onMethod != null ? onMethod : method.getDeclaringClass().getAnnotation(type);
    }
}
