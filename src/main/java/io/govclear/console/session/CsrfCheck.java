package io.govclear.console.session;

import io.govclear.common.NoControlCharacters;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Every write a console session makes carries the session's CSRF token (synchronizer token): the header
 * {@value #HEADER} of a script's request, or, on a {@link ConsoleForms} resource, the hidden form field {@value #FIELD}
 * every console form has. Checked for every endpoint, so nothing can forget it; a write without the session cookie (a
 * signed unit, a bank, HTTP Basic) is not a console session's and is not checked.
 */
public class CsrfCheck {

    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject CurrentIdentityAssociation identity;

    /** Every endpoint but the console's forms: the token in the header. */
    @ServerRequestFilter
    public Uni<Void> header(ResteasyReactiveContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource.getResourceClass() != null && resource.getResourceClass().isAnnotationPresent(ConsoleForms.class)) {
            return Uni.createFrom().voidItem();
        }
        return check(identity, request, false);
    }

    static Uni<Void> check(CurrentIdentityAssociation identity, ResteasyReactiveContainerRequestContext request,
            boolean form) {
        if (SAFE.contains(request.getMethod()) || request.getCookies().get(SessionMechanism.COOKIE) == null) {
            return Uni.createFrom().voidItem();
        }
        return identity.getDeferredIdentity()
                .map(SessionIdentityProvider::session)
                // a cookie that names no live session authenticates nobody: the endpoint's own access rule decides
                .onFailure(AuthenticationFailedException.class).recoverWithItem(Optional.empty())
                .invoke(session -> session.ifPresent(s -> {
                    String token = request.getHeaderString(HEADER);
                    if (token == null && form) {
                        Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                                .getFormParameter(FIELD, true, false);
                        token = field == null ? null : field.toString();
                    }
                    if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                            s.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                        throw new ProblemException(ProblemCode.CSRF_REJECTED,
                                "This write needs the session's CSRF token");
                    }
                }))
                .replaceWithVoid();
    }

    /**
     * The console's HTML forms: the form is read first, its fields are held to the same text rules as every other
     * input ({@link NoControlCharacters}), and the token may be its hidden field.
     */
    public static class Forms {

        @Inject CurrentIdentityAssociation identity;

        @ServerRequestFilter
        @WithFormRead
        @ConsoleForms
        public Uni<Void> form(ResteasyReactiveContainerRequestContext request) {
            NoControlCharacters.refuseIn(((ResteasyReactiveRequestContext) request.getServerRequestContext())
                    .getFormData());
            return check(identity, request, true);
        }
    }
}
