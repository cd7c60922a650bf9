package io.govclear.security;

import io.govclear.channel.bank.BankSigning;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * A bank counter's signed request to {@code /bank/v1/{bankCode}/…} (README "Bank counters"): the bank named by the
 * path, X-Bank-Code, -Timestamp, -Nonce and -Signature over the request line and body. Every request under that path
 * is for this mechanism, signed or not, so an unknown bank is 404 and an unsigned request names the headers it
 * lacks. Verified by {@link BankIdentityProvider}.
 */
@Singleton
public class BankSignatureMechanism extends SignatureMechanism {

    public static final String SCHEME = "govclear-bank";
    static final String PREFIX = "/bank/v1/";

    /** What a bank sent, not yet verified. */
    record Request(String bankCode, String method, String path, Map<String, String> headers, byte[] body) {
    }

    static final class Credentials extends BaseAuthenticationRequest {
        final Request request;

        Credentials(Request request) {
            this.request = request;
        }
    }

    public BankSignatureMechanism() {
        super(SCHEME, List.of(BankSigning.SIGNATURE, BankSigning.CODE, BankSigning.TIMESTAMP, BankSigning.NONCE),
                Credentials.class);
    }

    @Override
    boolean applies(RoutingContext context) {
        return context.request().path().startsWith(PREFIX);
    }

    @Override
    AuthenticationRequest request(RoutingContext context, byte[] body) {
        HttpServerRequest http = context.request();
        String rest = http.path().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        return new Credentials(new Request(slash < 0 ? rest : rest.substring(0, slash), http.method().name(),
                http.path(), BankSigning.headersOf(http::getHeader), body));
    }
}
