package io.govclear.security;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
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
    private final List<String> signedHeaders;
    private final Class<? extends AuthenticationRequest> requestType;

    /** {@code signedHeaders}: the headers the signature covers, the first of them the one that marks the scheme. */
    SignatureMechanism(String scheme, List<String> signedHeaders, Class<? extends AuthenticationRequest> requestType) {
        this.scheme = scheme;
        this.header = signedHeaders.get(0);
        this.signedHeaders = signedHeaders;
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
        // a signed header sent twice: which copy was signed is a guess, and the engine does not guess
        for (String name : signedHeaders) {
            if (context.request().headers().getAll(name).size() > 1) {
                return Uni.createFrom().failure(new AuthenticationFailedException(new ProblemException(
                        ProblemCode.INVALID_SIGNATURE, name + " is sent more than once")));
            }
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
