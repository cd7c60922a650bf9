package io.govclear.security;

import io.govclear.channel.bank.Bank;
import io.govclear.channel.bank.BankKeys;
import io.govclear.channel.bank.BankSigning;
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

/**
 * Checks a bank counter's request: an enabled bank named by the path (404 otherwise), a timestamp within the
 * signature window, a well-formed nonce and the bank's signature (SM3withSM2 for ICBC, SHA256withRSA for ABC). Pure
 * CPU; the nonce is recorded by the endpoint. The identity carries the {@link BankRequest} ({@link Callers#bank}).
 */
@Singleton
public class BankIdentityProvider implements IdentityProvider<BankSignatureMechanism.Credentials> {

    private final BankKeys keys;
    private final Clock clock;
    private final long windowSeconds;

    public BankIdentityProvider(BankKeys keys, Clock clock, GovClearConfig config) {
        this.keys = keys;
        this.clock = clock;
        this.windowSeconds = config.security().signatureWindow().toSeconds();
    }

    @Override
    public Class<BankSignatureMechanism.Credentials> getRequestType() {
        return BankSignatureMechanism.Credentials.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BankSignatureMechanism.Credentials credentials,
            AuthenticationRequestContext context) {
        BankSignatureMechanism.Request request = credentials.request;
        try {
            BankKeys.Keys bank = Bank.byCode(request.bankCode()).flatMap(keys::of)
                    .orElseThrow(() -> new ProblemException(ProblemCode.BANK_NOT_FOUND,
                            "No bank counter at this path"));
            BankSigning.verifyRequest(bank.bank(), bank.bankPublicKey(), request.method(), request.path(),
                    request.body(), request.headers(), clock.instant().getEpochSecond(), windowSeconds);
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(bank.bank().code()))
                    .addRole(Roles.BANK)
                    .addAttribute(Callers.BANK, new BankRequest(bank, request.path(),
                            request.headers().get(BankSigning.NONCE), request.body()))
                    .build());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
    }
}
