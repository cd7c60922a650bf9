package io.govclear.security;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Checks a collecting unit's signed request (API.md): known unit, timestamp within the window, well-formed nonce,
 * HMAC over method, path with query, timestamp, nonce and body hash. Pure CPU work against the in-memory catalog;
 * the nonce is recorded in the database by the caller, in the same statement as the request's writes.
 */
@Singleton
public class UnitAuthenticator {

    public static final String UNIT = "X-GovClear-Unit";
    public static final String TIMESTAMP = "X-GovClear-Timestamp";
    public static final String NONCE = "X-GovClear-Nonce";
    public static final String SIGNATURE = "X-GovClear-Signature";

    private static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final CatalogService catalog;
    private final Clock clock;
    private final long windowSeconds;

    public UnitAuthenticator(CatalogService catalog, Clock clock, GovClearConfig config) {
        this.catalog = catalog;
        this.clock = clock;
        this.windowSeconds = config.security().signatureWindow().toSeconds();
    }

    public SignedRequest authenticate(HttpServerRequest request, byte[] body) {
        String unitCode = request.getHeader(UNIT);
        String timestampHeader = request.getHeader(TIMESTAMP);
        String nonce = request.getHeader(NONCE);
        String signature = request.getHeader(SIGNATURE);
        if (unitCode == null || timestampHeader == null || nonce == null || signature == null) {
            throw new ProblemException(ProblemCode.INVALID_SIGNATURE,
                    "Signed requests need " + UNIT + ", " + TIMESTAMP + ", " + NONCE + " and " + SIGNATURE);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemCode.INVALID_SIGNATURE, TIMESTAMP + " must be Unix seconds");
        }
        // microseconds: what PostgreSQL keeps, so a replayed bill shows the same createdAt as the first answer
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (Math.abs(now.getEpochSecond() - timestamp) > windowSeconds) {
            throw new ProblemException(ProblemCode.STALE_TIMESTAMP,
                    TIMESTAMP + " is more than " + windowSeconds + " s from the server clock");
        }
        if (!NONCE_FORMAT.matcher(nonce).matches()) {
            throw new ProblemException(ProblemCode.INVALID_NONCE,
                    NONCE + " must be 16-64 letters, digits, '-' or '_'");
        }
        Catalog.Unit unit = catalog.unit(unitCode).filter(Catalog.Unit::active).orElse(null);
        byte[] payload = body == null ? new byte[0] : body;
        if (unit == null || !UnitSignature.verify(unit.apiSecret(), request.method().name(), request.uri(),
                timestamp, nonce, payload, signature)) {
            throw new ProblemException(ProblemCode.INVALID_SIGNATURE, "The request signature does not verify");
        }
        return new SignedRequest(unit, nonce, now);
    }
}
