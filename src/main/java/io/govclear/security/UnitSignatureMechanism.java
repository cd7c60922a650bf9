package io.govclear.security;

import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A collecting unit's signed request (API.md): X-GovClear-Unit, -Timestamp, -Nonce and -Signature, an HMAC over
 * method, path with query, timestamp, nonce and the body's hash. Verified by {@link UnitIdentityProvider}.
 */
@Singleton
public class UnitSignatureMechanism extends SignatureMechanism {

    public static final String SCHEME = "govclear-unit";
    public static final String UNIT = "X-GovClear-Unit";
    public static final String TIMESTAMP = "X-GovClear-Timestamp";
    public static final String NONCE = "X-GovClear-Nonce";
    public static final String SIGNATURE = "X-GovClear-Signature";

    /** What a unit sent, not yet verified. */
    public record Request(String method, String uri, String unit, String timestamp, String nonce, String signature,
            byte[] body) {
    }

    static final class Credentials extends BaseAuthenticationRequest {
        final Request request;

        Credentials(Request request) {
            this.request = request;
        }
    }

    public UnitSignatureMechanism() {
        super(SCHEME, List.of(UNIT, TIMESTAMP, NONCE, SIGNATURE), Credentials.class);
    }

    @Override
    AuthenticationRequest request(RoutingContext context, byte[] body) {
        HttpServerRequest http = context.request();
        return new Credentials(new Request(http.method().name(), http.uri(), http.getHeader(UNIT),
                http.getHeader(TIMESTAMP), http.getHeader(NONCE), http.getHeader(SIGNATURE), body));
    }
}
