package io.govclear.console.session;

import io.govclear.security.Digests;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's session cookie, for pages and the JSON API alike: a random 256-bit id whose SHA-256 names a row of
 * staff_session ({@link SessionIdentityProvider}). A request without the cookie is not this mechanism's; one whose
 * cookie is malformed, ended or expired fails, and a console page then sends the browser to the sign-in form.
 */
@Singleton
public class SessionMechanism implements HttpAuthenticationMechanism {

    public static final String COOKIE = "GC_SESSION";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** The hash of a session id, as a credential for {@link SessionIdentityProvider}. */
    static final class Credentials extends BaseAuthenticationRequest {
        final byte[] idHash;

        Credentials(byte[] idHash) {
            this.idHash = idHash;
        }
    }

    /** The stored form of a session id: SHA-256 of its bytes. */
    static byte[] hash(String id) {
        return Digests.sha256(Base64.getUrlDecoder().decode(id));
    }

    static boolean wellFormed(String id) {
        return id != null && ID.matcher(id).matches();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null) {
            return Uni.createFrom().nullItem();
        }
        // a malformed id names no session: authenticated as nobody, the same as an expired one
        Credentials request = new Credentials(wellFormed(cookie.getValue()) ? hash(cookie.getValue()) : new byte[32]);
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identities.authenticate(request);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(302, HttpHeaders.LOCATION, "/console/login"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(Credentials.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, COOKIE));
    }
}
