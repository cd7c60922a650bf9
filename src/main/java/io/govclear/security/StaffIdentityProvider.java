package io.govclear.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finance staff's credentials (HTTP Basic, Quarkus's own mechanism) against staff_user (PBKDF2 hashes). The hash is
 * checked on a worker thread; a successful check is remembered for a minute (by a digest of the credentials, never
 * the password itself). The identity holds the staff roles of the row and the {@link StaffUser} ({@link Callers#staff}).
 */
@ApplicationScoped
public class StaffIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Duration REMEMBER = Duration.ofMinutes(1);

    @Inject StaffRepository staff;
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
        Verified hit = recent.get(cacheKey);
        Uni<StaffUser> user = hit != null && hit.until().isAfter(clock.instant())
                ? Uni.createFrom().item(hit.user())
                : staff.findActive(username)
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(row -> check(row, password))
                        .invoke(u -> recent.put(cacheKey, new Verified(u, clock.instant().plus(REMEMBER))));
        return user.map(StaffIdentityProvider::identity);
    }

    private static SecurityIdentity identity(StaffUser user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username()))
                .addRoles(user.roles())
                .addAttribute(Callers.STAFF, user)
                .build();
    }

    private static StaffUser check(Optional<StaffRepository.StoredStaff> found, String password) {
        StaffRepository.StoredStaff row = found.orElse(null);
        if (row == null || !PasswordHashing.verify(password, row.passwordHash())) {
            throw new AuthenticationFailedException("Unknown user or wrong password");
        }
        Set<String> roles = Arrays.stream(row.roles().split(","))
                .filter(Roles.STAFF::contains)
                .collect(Collectors.toUnmodifiableSet());
        return new StaffUser(row.username(), row.displayName(), roles);
    }
}
