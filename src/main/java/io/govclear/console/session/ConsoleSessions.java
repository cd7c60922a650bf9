package io.govclear.console.session;

import io.govclear.audit.AuditLog;
import io.govclear.common.GovClearConfig;
import io.govclear.common.Transactions;
import io.govclear.security.Digests;
import io.govclear.security.PersonalData;
import io.govclear.security.Roles;
import io.govclear.security.StaffRepository;
import io.govclear.security.StaffSignIn;
import io.govclear.security.Totp;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.util.encoders.Base32;

/**
 * Signing in to the console and out: a session after the password, completed by the second factor (a TOTP code, or a
 * one-time recovery code) where the user has one or their role needs one (SUPERVISOR, ADMIN: enrolled at their first
 * sign-in), ended by sign-out, the idle or absolute timeout, or an admin. Every step is in the audit log.
 */
@Singleton
public class ConsoleSessions {

    /** What starting a session gave: the cookie's value and whether the second factor is still to come. */
    public record Started(String cookie, boolean complete) {
    }

    /** The outcome of a second-factor attempt. */
    public enum SecondFactor {
        PASSED, WRONG, LOCKED
    }

    private static final int RECOVERY_CODES = 10;
    private static final char[] RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject SessionRepository sessions;
    @Inject StaffRepository staff;
    @Inject StaffSignIn signIn;
    @Inject PersonalData personalData;
    @Inject AuditLog audit;
    @Inject Transactions transactions;
    @Inject GovClearConfig config;
    @Inject Clock clock;

    /** Whether this user must pass a second factor at sign-in (enrolled, or a role that requires one). */
    public static boolean needsSecondFactor(StaffRepository.StoredStaff user) {
        return user.totpEnabledAt() != null || user.roles().stream().anyMatch(Roles.SECOND_FACTOR_REQUIRED::contains);
    }

    /** A session for a user whose password passed. */
    public Uni<Started> start(StaffRepository.StoredStaff user, String client) {
        Instant now = clock.instant();
        byte[] id = random(32);
        String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        boolean complete = !needsSecondFactor(user);
        ConsoleSession session = new ConsoleSession(Digests.sha256(id), user.username(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(random(32)), complete, now);
        return transactions.inTransaction(tx -> sessions.create(tx, session,
                        now.plus(config.console().absoluteTimeout()), client)
                .chain(() -> audit.append(tx, now, user.username(), complete ? "SIGNED_IN" : "PASSWORD_ACCEPTED",
                        "STAFF_USER", user.username(), Map.of("via", "console", "client", orEmpty(client)))))
                .replaceWith(new Started(cookie, complete));
    }

    /**
     * Checks a second-factor code of a session still signing in: a TOTP code of a step not used before, or an unused
     * recovery code. A wrong code counts toward the lockout like a wrong password; the locking one ends the session.
     */
    public Uni<SecondFactor> secondFactor(ConsoleSession session, String code, String client) {
        Instant now = clock.instant();
        String username = session.username();
        return staff.find(transactions.autoCommit(), username)
                .chain(found -> found.isEmpty() || found.get().totpEnabledAt() == null
                        ? Uni.createFrom().item(false)
                        : accepts(found.get(), code, now))
                .chain(passed -> passed
                        ? transactions.inTransaction(tx -> sessions.complete(tx, session.idHash())
                                        .chain(() -> audit.append(tx, now, username, "SIGNED_IN", "STAFF_USER",
                                                username, Map.of("via", "console", "client", orEmpty(client)))))
                                .replaceWith(SecondFactor.PASSED)
                        : signIn.failed(username, true, "console-second-factor", client)
                                .chain(outcome -> outcome.refusal() == StaffSignIn.Refusal.LOCKED
                                        ? sessions.end(transactions.autoCommit(), session.idHash(), now)
                                                .replaceWith(SecondFactor.LOCKED)
                                        : Uni.createFrom().item(SecondFactor.WRONG)));
    }

    private Uni<Boolean> accepts(StaffRepository.StoredStaff user, String code, Instant now) {
        String given = code == null ? "" : code.strip();
        if (given.matches("[0-9]{6}")) {
            return Totp.verify(secret(user), given, now).stream().boxed().findFirst()
                    .map(step -> staff.useTotpStep(transactions.autoCommit(), user.username(), step))
                    .orElse(Uni.createFrom().item(false));
        }
        return staff.useRecoveryCode(transactions.autoCommit(), user.username(), recoveryHash(given), now);
    }

    /**
     * The secret being enrolled for this user: the pending one if there is one (the page was shown before), else a
     * new one, stored encrypted and not yet in force.
     */
    public Uni<byte[]> enrolmentSecret(String username) {
        return staff.find(transactions.autoCommit(), username).chain(found -> {
            StaffRepository.StoredStaff user = found.orElseThrow();
            if (user.totpEnc() != null && user.totpEnabledAt() == null) {
                return Uni.createFrom().item(secret(user));
            }
            byte[] secret = Totp.newSecret();
            return staff.storePendingTotp(transactions.autoCommit(), username, encrypt(username, secret))
                    .replaceWith(secret);
        });
    }

    /**
     * Puts the pending secret in force when {@code code} is its current code; returns the new recovery codes (shown
     * once), or empty when the code is wrong. A session still signing in is complete afterwards.
     */
    public Uni<Optional<List<String>>> enrol(ConsoleSession session, String code, String client) {
        Instant now = clock.instant();
        String username = session.username();
        return staff.find(transactions.autoCommit(), username).chain(found -> {
            StaffRepository.StoredStaff user = found.orElseThrow();
            if (user.totpEnc() == null || user.totpEnabledAt() != null) {
                return Uni.createFrom().item(Optional.<List<String>>empty());
            }
            var step = Totp.verify(secret(user), code == null ? "" : code.strip(), now);
            if (step.isEmpty()) {
                return signIn.failed(username, true, "console-enrolment", client)
                        .replaceWith(Optional.<List<String>>empty());
            }
            List<String> codes = recoveryCodes();
            return transactions.inTransaction(tx -> staff.enableTotp(tx, username, now, step.getAsLong())
                            .chain(() -> staff.replaceRecoveryCodes(tx, username,
                                    codes.stream().map(ConsoleSessions::recoveryHash).toList()))
                            .chain(() -> session.complete() ? Uni.createFrom().voidItem()
                                    : sessions.complete(tx, session.idHash()))
                            .chain(() -> audit.append(tx, now, username, "SECOND_FACTOR_ENROLLED", "STAFF_USER",
                                    username, Map.of("recoveryCodes", RECOVERY_CODES))))
                    .replaceWith(Optional.of(codes));
        });
    }

    public Uni<Void> signOut(ConsoleSession session, String client) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> sessions.end(tx, session.idHash(), now)
                .chain(() -> audit.append(tx, now, session.username(), "SIGNED_OUT", "STAFF_USER",
                        session.username(), Map.of("client", orEmpty(client)))));
    }

    private byte[] secret(StaffRepository.StoredStaff user) {
        return Base32.decode(personalData.decrypt(user.totpEnc(), "totp:" + user.username()));
    }

    private byte[] encrypt(String username, byte[] secret) {
        return personalData.encrypt(Base32.toBase32String(secret), "totp:" + username);
    }

    private static List<String> recoveryCodes() {
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder(9);
            for (int c = 0; c < 8; c++) {
                code.append(RECOVERY_ALPHABET[RANDOM.nextInt(RECOVERY_ALPHABET.length)]);
                if (c == 3) {
                    code.append('-');
                }
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** A recovery code as stored: SHA-256 of it in lower case without the dash, as people type it either way. */
    static byte[] recoveryHash(String code) {
        return Digests.sha256(code.toLowerCase(Locale.ROOT).replace("-", "").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
