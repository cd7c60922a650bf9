package io.govclear.security;

import io.govclear.catalog.Catalog;
import java.time.Instant;

/**
 * A unit request whose signature and timestamp checked out, with the number of the unit's API key that signed it and
 * the exact body the signature covers; its nonce (with the key's number) is recorded with the request's writes.
 */
public record SignedRequest(Catalog.Unit unit, int keyNo, String nonce, Instant receivedAt, byte[] body) {
}
