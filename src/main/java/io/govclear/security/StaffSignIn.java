package io.govclear.security;

import io.govclear.audit.AuditLog;
import io.govclear.common.GovClearConfig;
import io.govclear.common.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A staff member's password, checked the same way for the console's form and for HTTP Basic: PBKDF2 on a worker
 * thread (a missing user costs the same), a locked or disabled account refused whatever the password, the
 * {@code lock-after}-th failure in a row locking the account for {@code lock-for}, an outdated hash re-made at the
 * next success. Every failure and lock is in the audit log (console sign-ins are audited by the console).
 */
@Singleton
public class StaffSignIn {

    /** Why a password was not accepted; the caller shows the same message for all but a lock. */
    public enum Refusal {
        WRONG, LOCKED, DISABLED
    }

    /** The outcome: the staff row when the password passed, else why not. */
    public record Outcome(StaffRepository.StoredStaff staff, Refusal refusal) {

        public boolean passed() {
            return staff != null;
        }
    }

    /** The audit actions of a sign-in that failed: a wrong password or second factor, a locked or disabled account. */
    public static final Set<String> FAILED_ACTIONS = Set.of("SIGN_IN_FAILED", "SIGN_IN_REFUSED_LOCKED",
            "SIGN_IN_REFUSED_DISABLED");
    /** How the metric and the failures read name a username that is no staff user's (typed at random, guessed). */
    public static final String UNKNOWN_USER = "(unknown)";

    /** A hash of nothing anyone knows at today's cost: checked for a user that does not exist, so that costs the same. */
    private volatile String nobody;

    @Inject StaffRepository staff;
    @Inject AuditLog audit;
    @Inject Transactions transactions;
    @Inject Clock clock;
    @Inject GovClearConfig config;
    @Inject MeterRegistry registry;

    /**
     * The failed sign-ins from {@code from} to {@code to} (inclusive) by username, every name that is no staff user's
     * counted together as {@value #UNKNOWN_USER} (as the metric {@code govclear_sign_in_failures_total{user}} does).
     */
    public Uni<Map<String, Long>> failures(Instant from, Instant to) {
        return audit.countByActor(transactions.autoCommit(), FAILED_ACTIONS, from, to)
                .chain(byActor -> staff.existing(transactions.autoCommit(), byActor.keySet())
                        .map(known -> {
                            Map<String, Long> byUser = new TreeMap<>();
                            byActor.forEach((actor, count) -> byUser.merge(known.contains(actor) ? actor
                                    : UNKNOWN_USER, count, Long::sum));
                            return byUser;
                        }));
    }

    /** Checks {@code password}; {@code via} ("console", "basic") and {@code client} go in the audit row of a failure. */
    public Uni<Outcome> check(String username, String password, String via, String client) {
        int iterations = config.console().passwordIterations();
        return staff.find(transactions.autoCommit(), username)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(found -> {
                    String hash = found.map(StaffRepository.StoredStaff::passwordHash).orElseGet(() -> nobody(iterations));
                    boolean right = PasswordHashing.verify(password, hash) && found.isPresent();
                    String rehashed = right && PasswordHashing.needsRehash(hash, iterations)
                            ? PasswordHashing.hash(password, iterations) : null;
                    return new Checked(found, right, rehashed);
                })
                .chain(checked -> settle(username, checked, via, client));
    }

    private String nobody(int iterations) {
        if (nobody == null) {
            nobody = PasswordHashing.hash(UUID.randomUUID().toString(), iterations);
        }
        return nobody;
    }

    private record Checked(Optional<StaffRepository.StoredStaff> found, boolean right, String rehashed) {
    }

    private Uni<Outcome> settle(String username, Checked checked, String via, String client) {
        Instant now = clock.instant();
        StaffRepository.StoredStaff row = checked.found().orElse(null);
        if (row != null && row.lockedAt(now)) {
            return refuse(username, Refusal.LOCKED, "SIGN_IN_REFUSED_LOCKED", via, client);
        }
        if (row != null && !row.active()) {
            return refuse(username, Refusal.DISABLED, "SIGN_IN_REFUSED_DISABLED", via, client);
        }
        if (!checked.right()) {
            return failed(username, row != null, via, client);
        }
        return staff.recordSuccess(transactions.autoCommit(), username, checked.rehashed())
                .replaceWith(new Outcome(row, null));
    }

    /** A wrong password or second factor: counted, and the failure that reaches the limit locks the account. */
    public Uni<Outcome> failed(String username, boolean known, String via, String client) {
        Instant now = clock.instant();
        GovClearConfig.Console console = config.console();
        Uni<Boolean> locked = known
                ? staff.recordFailure(transactions.autoCommit(), username, console.lockAfter(),
                        now.plus(console.lockFor()))
                : Uni.createFrom().item(false);
        counted(username, known);
        return locked.chain(justLocked -> audit.append(transactions.autoCommit(), now, username, "SIGN_IN_FAILED",
                        "STAFF_USER", username, Map.of("via", via, "client", client == null ? "" : client))
                .chain(() -> justLocked
                        ? audit.append(transactions.autoCommit(), now, username, "ACCOUNT_LOCKED", "STAFF_USER",
                                username, Map.of("until", now.plus(console.lockFor()).toString(), "via", via))
                        : Uni.createFrom().voidItem())
                .replaceWith(new Outcome(null, justLocked ? Refusal.LOCKED : Refusal.WRONG)));
    }

    private Uni<Outcome> refuse(String username, Refusal refusal, String action, String via, String client) {
        counted(username, true);
        return audit.append(transactions.autoCommit(), clock.instant(), username, action, "STAFF_USER", username,
                        Map.of("via", via, "client", client == null ? "" : client))
                .replaceWith(new Outcome(null, refusal));
    }

    /** One more failed sign-in in {@code govclear_sign_in_failures_total{user}}; unknown names share one series. */
    private void counted(String username, boolean known) {
        registry.counter("govclear.sign.in.failures", "user", known ? username : UNKNOWN_USER).increment();
    }
}
