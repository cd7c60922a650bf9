package io.govclear.console.session;

import io.govclear.common.GovClearConfig;
import io.govclear.common.Transactions;
import io.govclear.security.Roles;
import io.govclear.security.StaffIdentityProvider;
import io.govclear.security.StaffRepository;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A console session's identity: the live session (its last use moved to now), its user active and not locked. A full
 * session carries the user's staff roles; one still at the second factor carries only {@link Roles#SIGNING_IN}.
 */
@Singleton
public class SessionIdentityProvider implements IdentityProvider<SessionMechanism.Credentials> {

    /** The identity attribute holding the {@link ConsoleSession}. */
    static final String SESSION = "govclear.console-session";

    @Inject SessionRepository sessions;
    @Inject StaffRepository staff;
    @Inject Transactions transactions;
    @Inject GovClearConfig config;
    @Inject Clock clock;

    @Override
    public Class<SessionMechanism.Credentials> getRequestType() {
        return SessionMechanism.Credentials.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionMechanism.Credentials credentials,
            AuthenticationRequestContext context) {
        Instant now = clock.instant();
        return sessions.touch(transactions.autoCommit(), credentials.idHash, now,
                        now.minus(config.console().idleTimeout()))
                .chain(found -> found.isEmpty() ? Uni.createFrom().failure(new AuthenticationFailedException())
                        : staff.find(transactions.autoCommit(), found.get().username())
                                .map(row -> identity(found.get(), row, now)));
    }

    private static SecurityIdentity identity(ConsoleSession session, Optional<StaffRepository.StoredStaff> row,
            Instant now) {
        StaffRepository.StoredStaff user = row.filter(StaffRepository.StoredStaff::active)
                .filter(u -> !u.lockedAt(now))
                .orElseThrow(AuthenticationFailedException::new);
        if (!session.complete()) {
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(user.username()))
                    .addRole(Roles.SIGNING_IN)
                    .addAttribute(SESSION, session)
                    .build();
        }
        return QuarkusSecurityIdentity.builder(StaffIdentityProvider.identity(user.user()))
                .addAttribute(SESSION, session)
                .build();
    }

    /** The console session the caller came with, if they came with one. */
    public static Optional<ConsoleSession> session(SecurityIdentity identity) {
        return Optional.ofNullable(identity.getAttribute(SESSION));
    }
}
