package io.govclear.security;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.settlement.PayoutConfirmations;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The payout bank's confirmation: X-Payout-Signature, an HMAC-SHA256 of the body under the shared secret
 * ({@link PayoutConfirmations}). Mechanism and identity provider in one class: the check is one comparison.
 */
@Singleton
public class PayoutSignatureMechanism extends SignatureMechanism {

    public static final String SCHEME = "govclear-payout-bank";

    static final class Credentials extends BaseAuthenticationRequest {
        final byte[] body;
        final String signature;

        Credentials(byte[] body, String signature) {
            this.body = body;
            this.signature = signature;
        }
    }

    public PayoutSignatureMechanism() {
        super(SCHEME, List.of(PayoutConfirmations.SIGNATURE_HEADER), Credentials.class);
    }

    @Override
    AuthenticationRequest request(RoutingContext context, byte[] body) {
        return new Credentials(body, context.request().getHeader(PayoutConfirmations.SIGNATURE_HEADER));
    }

    /** Verifies the signature; the identity carries the body ({@link Callers#payoutBody}). */
    @Singleton
    public static class Provider implements IdentityProvider<Credentials> {

        private final PayoutConfirmations confirmations;

        public Provider(PayoutConfirmations confirmations) {
            this.confirmations = confirmations;
        }

        @Override
        public Class<Credentials> getRequestType() {
            return Credentials.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(Credentials credentials, AuthenticationRequestContext context) {
            try {
                if (!confirmations.verify(credentials.body, credentials.signature)) {
                    throw invalid();
                }
            } catch (ProblemException e) {
                return Uni.createFrom().failure(new AuthenticationFailedException(e));
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("payout-bank"))
                    .addRole(Roles.PAYOUT_BANK)
                    .addAttribute(Callers.PAYOUT, credentials.body)
                    .build());
        }
    }

    static ProblemException invalid() {
        return new ProblemException(ProblemCode.PAYOUT_SIGNATURE_INVALID,
                "The payout confirmation is not signed with the bank's key");
    }
}
