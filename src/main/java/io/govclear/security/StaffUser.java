package io.govclear.security;

import java.util.Set;

/** A finance staff member who passed authentication, with the roles CLERK, SUPERVISOR, AUDITOR, ADMIN. */
public record StaffUser(String username, String displayName, Set<String> roles) {
}
