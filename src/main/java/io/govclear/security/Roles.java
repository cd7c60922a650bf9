package io.govclear.security;

import java.util.Set;

/**
 * Every role a caller can hold. Staff hold one or more of the first five (staff_user.roles); a unit, a bank counter
 * and the payout bank each have a role of their own, given only by their signature mechanism, never by staff_user.
 */
public final class Roles {

    public static final String CLERK = "CLERK";
    public static final String SUPERVISOR = "SUPERVISOR";
    public static final String AUDITOR = "AUDITOR";
    public static final String ADMIN = "ADMIN";
    /** Staff of a collecting unit: sees only the bills and figures of the units they are scoped to. */
    public static final String UNIT_OFFICER = "UNIT_OFFICER";
    /** A console session whose password is checked but whose second factor is not yet: may only finish signing in. */
    public static final String SIGNING_IN = "SIGNING_IN";

    /** A collecting unit whose request signature verified ({@link UnitSignatureMechanism}). */
    public static final String UNIT = "UNIT";
    /** A bank counter whose request signature verified ({@link BankSignatureMechanism}). */
    public static final String BANK = "BANK";
    /** The payout bank whose confirmation signature verified ({@link PayoutSignatureMechanism}). */
    public static final String PAYOUT_BANK = "PAYOUT_BANK";

    /** The roles a staff_user row may grant; anything else in the column is ignored. */
    public static final Set<String> STAFF = Set.of(CLERK, SUPERVISOR, AUDITOR, ADMIN, UNIT_OFFICER);

    /** The roles that must sign in to the console with a second factor. */
    public static final Set<String> SECOND_FACTOR_REQUIRED = Set.of(SUPERVISOR, ADMIN);

    private Roles() {
    }
}
