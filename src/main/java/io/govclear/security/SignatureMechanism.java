package io.govclear.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * A mechanism for callers that sign each request over its body: it applies when its header is present, reads the
 * body and hands the request to its identity provider. Endpoints select it by scheme with
 * {@code @HttpAuthenticationMechanism}; an unsigned request there fails the endpoint's role check, and
 * {@link SecurityProblems} answers the scheme's problem.
 */
abstract class SignatureMechanism implements HttpAuthenticationMechanism {

    private final String scheme;
    private final String header;
    private final Class<? extends AuthenticationRequest> requestType;

    SignatureMechanism(String scheme, String header, Class<? extends AuthenticationRequest> requestType) {
        this.scheme = scheme;
        this.header = header;
        this.requestType = requestType;
    }

    /** The request for the identity provider, or null when this request is not for this mechanism. */
    abstract AuthenticationRequest request(RoutingContext context, byte[] body);

    /** Whether this request is one for this mechanism, judged on its head alone. */
    boolean applies(RoutingContext context) {
        return context.request().getHeader(header) != null;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!applies(context)) {
            return Uni.createFrom().nullItem();
        }
        return SignedBodies.read(context).chain(body -> {
            AuthenticationRequest request = request(context, body);
            if (request == null) {
                return Uni.createFrom().nullItem();
            }
            HttpSecurityUtils.setRoutingContextAttribute(request, context);
            return identities.authenticate(request);
        });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(requestType);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, header,
                scheme));
    }
}
