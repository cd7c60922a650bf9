package io.govclear.counter;

import io.govclear.channel.bank.Bank;
import io.govclear.channel.bank.BankKeys;
import io.govclear.channel.bank.BankSigning;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/**
 * Checks a bank's signed request (README "Bank counters"): an enabled bank named by the path and the X-Bank-Code
 * header, a timestamp within the signature window, a well-formed nonce and the bank's signature (SM3withSM2 for
 * ICBC, SHA256withRSA for ABC). Pure CPU; the nonce is recorded by the caller.
 */
@Singleton
public class BankAuthenticator {

    private final BankKeys keys;
    private final Clock clock;
    private final long windowSeconds;

    public BankAuthenticator(BankKeys keys, Clock clock, GovClearConfig config) {
        this.keys = keys;
        this.clock = clock;
        this.windowSeconds = config.security().signatureWindow().toSeconds();
    }

    /** The enabled bank of this path; 404 for any other. */
    public BankKeys.Keys bank(String bankCode) {
        return Bank.byCode(bankCode)
                .flatMap(keys::of)
                .orElseThrow(() -> new ProblemException(ProblemCode.BANK_NOT_FOUND, "No bank counter at this path"));
    }

    /** Verifies the request or throws a 401 problem; returns its nonce. */
    public String authenticate(BankKeys.Keys bank, HttpServerRequest request, byte[] body) {
        Map<String, String> headers = BankSigning.headersOf(request::getHeader);
        BankSigning.verifyRequest(bank.bank(), bank.bankPublicKey(), request.method().name(), request.path(),
                body == null ? new byte[0] : body, headers, clock.instant().getEpochSecond(), windowSeconds);
        return headers.get(BankSigning.NONCE);
    }
}
