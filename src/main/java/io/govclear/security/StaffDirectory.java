package io.govclear.security;

import io.govclear.audit.AuditLog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.common.Transactions;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An ADMIN's administration of staff users: create (with a one-time initial password shown once), disable and
 * re-enable, roles and unit scopes, reset of the second factor. Each change names a reason and is in the audit log
 * with what it changed; nobody changes their own account this way. A change takes effect at the user's next request:
 * every request reads the user's row ({@code SessionIdentityProvider}).
 */
@Singleton
public class StaffDirectory {

    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{2,31}");
    private static final char[] PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject StaffRepository staff;
    @Inject CatalogService catalog;
    @Inject AuditLog audit;
    @Inject Transactions transactions;
    @Inject GovClearConfig config;
    @Inject Clock clock;

    /** A new user as an admin asks for it. */
    public record NewUser(String username, String displayName, Set<String> roles, Set<String> units) {
    }

    public Uni<List<StaffRepository.StoredStaff>> all() {
        return staff.all(transactions.autoCommit());
    }

    public Uni<StaffRepository.StoredStaff> find(String username) {
        return staff.find(transactions.autoCommit(), username).map(found -> found.orElseThrow(
                () -> new ProblemException(ProblemCode.STAFF_USER_NOT_FOUND, "No staff user " + username)));
    }

    /** Creates the user; returns the initial password, which is shown once and stored only as its hash. */
    public Uni<String> create(StaffUser admin, NewUser user, String reason) {
        if (user.username() == null || !USERNAME.matcher(user.username()).matches()) {
            throw ProblemException.invalid("username", "must be 3-32 lower-case letters, digits, '.', '_' or '-',"
                    + " starting with a letter");
        }
        RequiredText.of("displayName", user.displayName(), 64);
        String why = reason(reason);
        Set<String> units = access(user.roles(), user.units());
        String password = password();
        Instant now = clock.instant();
        return Uni.createFrom().item(() -> PasswordHashing.hash(password, config.console().passwordIterations()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(hash -> transactions.inTransaction(tx -> staff.create(tx, user.username(),
                                user.displayName(), hash, user.roles(), now)
                        .chain(created -> {
                            if (!created) {
                                throw new ProblemException(ProblemCode.STAFF_USER_EXISTS,
                                        "A staff user " + user.username() + " exists");
                            }
                            return staff.setAccess(tx, user.username(), user.roles(), units, now);
                        })
                        .chain(() -> audit.append(tx, now, admin.username(), "STAFF_USER_CREATED", "STAFF_USER",
                                user.username(), details(why, "roles", user.roles(), "units", units)))))
                .replaceWith(password);
    }

    public Uni<Void> setActive(StaffUser admin, String username, boolean active, String reason) {
        String why = reason(reason);
        notSelf(admin, username);
        Instant now = clock.instant();
        return find(username).chain(user -> transactions.inTransaction(tx -> staff.setActive(tx, username, active, now)
                .chain(() -> audit.append(tx, now, admin.username(),
                        active ? "STAFF_USER_ENABLED" : "STAFF_USER_DISABLED", "STAFF_USER", username,
                        details(why, "wasActive", user.active(), "active", active)))));
    }

    public Uni<Void> setAccess(StaffUser admin, String username, Set<String> roles, Set<String> units, String reason) {
        String why = reason(reason);
        notSelf(admin, username);
        Set<String> scoped = access(roles, units);
        Instant now = clock.instant();
        return find(username).chain(user -> transactions.inTransaction(tx -> staff.setAccess(tx, username, roles,
                        scoped, now)
                .chain(() -> audit.append(tx, now, admin.username(), "STAFF_USER_ACCESS_CHANGED", "STAFF_USER",
                        username, details(why, "rolesBefore", user.roles(), "roles", roles,
                                "unitsBefore", user.units(), "units", scoped)))));
    }

    public Uni<Void> resetSecondFactor(StaffUser admin, String username, String reason) {
        String why = reason(reason);
        notSelf(admin, username);
        Instant now = clock.instant();
        return find(username).chain(user -> transactions.inTransaction(tx -> staff.resetTotp(tx, username, now)
                .chain(() -> audit.append(tx, now, admin.username(), "SECOND_FACTOR_RESET", "STAFF_USER", username,
                        details(why, "wasEnrolled", user.totpEnabledAt() != null)))));
    }

    /** The unit scopes to store: only a UNIT_OFFICER has them, and needs at least one unit that exists. */
    private Set<String> access(Set<String> roles, Set<String> units) {
        if (roles == null || roles.isEmpty() || !Roles.STAFF.containsAll(roles)) {
            throw ProblemException.invalid("roles", "must be one or more of " + new TreeSet<>(Roles.STAFF));
        }
        if (!roles.contains(Roles.UNIT_OFFICER)) {
            return Set.of();
        }
        if (units == null || units.isEmpty()) {
            throw ProblemException.invalid("units", "a UNIT_OFFICER sees the bills of at least one unit");
        }
        for (String unit : units) {
            if (catalog.unit(unit).isEmpty()) {
                throw ProblemException.invalid("units", "no collecting unit " + unit);
            }
        }
        return Set.copyOf(units);
    }

    private static void notSelf(StaffUser admin, String username) {
        if (admin.username().equals(username)) {
            throw new ProblemException(ProblemCode.OWN_ACCOUNT, "Another admin changes your account");
        }
    }

    private static String reason(String reason) {
        return RequiredText.of("reason", reason, 500);
    }

    private static String password() {
        StringBuilder password = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            password.append(PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)]);
        }
        return password.toString();
    }

    private static Map<String, Object> details(String reason, Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            details.put((String) pairs[i], value instanceof Set<?> set ? new TreeSet<>(set).stream().toList() : value);
        }
        return details;
    }
}
