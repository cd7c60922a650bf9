package io.govclear.security;

import java.util.Set;

/**
 * A staff member who passed authentication, with their staff roles ({@link Roles#STAFF}) and, for a UNIT_OFFICER,
 * the collecting units they may see.
 */
public record StaffUser(String username, String displayName, Set<String> roles, Set<String> units) {

    /** Whether this user sees only some units' bills and figures (a UNIT_OFFICER, whatever else they hold). */
    public boolean scoped() {
        return roles.contains(Roles.UNIT_OFFICER);
    }

    /** Whether this user may see the bills of {@code unitCode}. */
    public boolean sees(String unitCode) {
        return !scoped() || units.contains(unitCode);
    }
}
