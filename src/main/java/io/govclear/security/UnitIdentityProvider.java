package io.govclear.security;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Checks a unit's signed request: known active unit, timestamp within the window, well-formed nonce, HMAC. Pure CPU
 * work against the in-memory catalog; the nonce is recorded in the database by the endpoint, in the same statement
 * as the request's writes. The identity carries the {@link SignedRequest} ({@link Callers#unit}).
 */
@Singleton
public class UnitIdentityProvider implements IdentityProvider<UnitSignatureMechanism.Credentials> {

    private static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final CatalogService catalog;
    private final Clock clock;
    private final long windowSeconds;

    public UnitIdentityProvider(CatalogService catalog, Clock clock, GovClearConfig config) {
        this.catalog = catalog;
        this.clock = clock;
        this.windowSeconds = config.security().signatureWindow().toSeconds();
    }

    @Override
    public Class<UnitSignatureMechanism.Credentials> getRequestType() {
        return UnitSignatureMechanism.Credentials.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UnitSignatureMechanism.Credentials credentials,
            AuthenticationRequestContext context) {
        try {
            SignedRequest signed = verify(credentials.request);
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(signed.unit().code()))
                    .addRole(Roles.UNIT)
                    .addAttribute(Callers.UNIT, signed)
                    .build());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
    }

    SignedRequest verify(UnitSignatureMechanism.Request request) {
        if (request.unit() == null || request.timestamp() == null || request.nonce() == null
                || request.signature() == null) {
            throw missingHeaders();
        }
        long timestamp = Clocks.unixSeconds(request.timestamp());
        if (timestamp < 0) {
            throw new ProblemException(ProblemCode.INVALID_SIGNATURE,
                    UnitSignatureMechanism.TIMESTAMP + " must be Unix seconds");
        }
        // microseconds: what PostgreSQL keeps, so a replayed bill shows the same createdAt as the first answer
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (Math.abs(now.getEpochSecond() - timestamp) > windowSeconds) {
            throw new ProblemException(ProblemCode.STALE_TIMESTAMP,
                    UnitSignatureMechanism.TIMESTAMP + " is more than " + windowSeconds + " s from the server clock");
        }
        if (!NONCE_FORMAT.matcher(request.nonce()).matches()) {
            throw new ProblemException(ProblemCode.INVALID_NONCE,
                    UnitSignatureMechanism.NONCE + " must be 16-64 letters, digits, '-' or '_'");
        }
        Catalog.Unit unit = catalog.unit(request.unit()).filter(Catalog.Unit::open).orElse(null);
        if (unit != null) {
            // the current key, then any still in a rotation's overlap (no list built on this hot path)
            for (Catalog.Key key : unit.apiKeys()) {
                if (key.usableAt(now) && UnitSignature.verify(key.secret(), request.method(), request.uri(),
                        timestamp, request.nonce(), request.body(), request.signature())) {
                    return new SignedRequest(unit, key.no(), request.nonce(), now, request.body());
                }
            }
        }
        throw new ProblemException(ProblemCode.INVALID_SIGNATURE, "The request signature does not verify");
    }

    /** The answer to a request on a unit endpoint that is not signed at all. */
    static ProblemException missingHeaders() {
        return new ProblemException(ProblemCode.INVALID_SIGNATURE, "Signed requests need " + UnitSignatureMechanism.UNIT
                + ", " + UnitSignatureMechanism.TIMESTAMP + ", " + UnitSignatureMechanism.NONCE + " and "
                + UnitSignatureMechanism.SIGNATURE);
    }
}
