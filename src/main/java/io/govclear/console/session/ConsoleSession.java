package io.govclear.console.session;

import java.time.Instant;

/**
 * A console session as stored (staff_session): whose it is, its CSRF token, and whether the second factor is done.
 * The cookie holds the id; only its SHA-256 is stored.
 */
public record ConsoleSession(byte[] idHash, String username, String csrfToken, boolean complete, Instant createdAt) {
}
