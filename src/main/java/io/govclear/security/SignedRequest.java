package io.govclear.security;

import io.govclear.catalog.Catalog;
import java.time.Instant;

/**
 * A unit request whose signature and timestamp checked out, with the exact body the signature covers; its nonce is
 * recorded with the request's writes.
 */
public record SignedRequest(Catalog.Unit unit, String nonce, Instant receivedAt, byte[] body) {
}
