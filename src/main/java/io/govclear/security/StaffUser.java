package io.govclear.security;

import java.util.Set;

/** A finance staff member who passed authentication, with the roles CLERK, SUPERVISOR, AUDITOR, ADMIN. */
public record StaffUser(String username, String displayName, Set<String> roles) {

    public boolean hasAnyRole(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
