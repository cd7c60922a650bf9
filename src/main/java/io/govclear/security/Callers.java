package io.govclear.security;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * What an endpoint knows about its caller, read from the {@link SecurityIdentity} that a mechanism and identity
 * provider established. Each getter is used only on endpoints whose {@code @RolesAllowed} admits that kind of caller.
 */
public final class Callers {

    static final String STAFF = "govclear.staff";
    static final String UNIT = "govclear.unit-request";
    static final String BANK = "govclear.bank-request";
    static final String PAYOUT = "govclear.payout-body";

    private Callers() {
    }

    public static StaffUser staff(SecurityIdentity identity) {
        return attribute(identity, STAFF, StaffUser.class);
    }

    public static SignedRequest unit(SecurityIdentity identity) {
        return attribute(identity, UNIT, SignedRequest.class);
    }

    public static BankRequest bank(SecurityIdentity identity) {
        return attribute(identity, BANK, BankRequest.class);
    }

    /** The payout bank's confirmation body, whose HMAC verified. */
    public static byte[] payoutBody(SecurityIdentity identity) {
        return attribute(identity, PAYOUT, byte[].class);
    }

    private static <T> T attribute(SecurityIdentity identity, String name, Class<T> type) {
        Object value = identity.getAttribute(name);
        if (!type.isInstance(value)) {
            // an endpoint whose access rule admits a caller it does not expect: a programming error, never a guess
            throw new IllegalStateException("The caller " + identity.getPrincipal() + " carries no " + name);
        }
        return type.cast(value);
    }
}
