package io.govclear.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finance staff's machine clients: HTTP Basic (Quarkus's own mechanism) checked by {@link StaffSignIn}, as the
 * console's form is (lockout included; no second factor: a deployment that wants one everywhere turns Basic off with
 * {@code quarkus.http.auth.basic=false}). A successful check is remembered for a minute, by a digest of the
 * credentials, never the password itself. The identity holds the staff roles and the {@link StaffUser}
 * ({@link Callers#staff}).
 */
@Singleton
public class StaffIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Duration REMEMBER = Duration.ofMinutes(1);

    @Inject StaffSignIn signIn;
    @Inject Clock clock;

    private final Map<String, Verified> recent = new ConcurrentHashMap<>();

    private record Verified(StaffUser user, Instant until) {
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String username = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        String cacheKey = HexFormat.of().formatHex(Digests.sha256(
                (username + '\0' + password).getBytes(StandardCharsets.UTF_8)));
        Instant now = clock.instant();
        recent.values().removeIf(v -> !v.until().isAfter(now));
        Verified hit = recent.get(cacheKey);
        Uni<StaffUser> user = hit != null
                ? Uni.createFrom().item(hit.user())
                : signIn.check(username, password, "basic", null)
                        .map(outcome -> {
                            if (!outcome.passed()) {
                                throw new AuthenticationFailedException("Unknown user or wrong password");
                            }
                            return outcome.staff().user();
                        })
                        .invoke(u -> recent.put(cacheKey, new Verified(u, clock.instant().plus(REMEMBER))));
        return user.map(StaffIdentityProvider::identity);
    }

    /** The identity of a staff member, whichever way they signed in. */
    public static SecurityIdentity identity(StaffUser user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username()))
                .addRoles(user.roles())
                .addAttribute(Callers.STAFF, user)
                .build();
    }
}
