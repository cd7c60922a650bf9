package io.govclear.channel.bank;

import io.govclear.channel.http.ChannelHttp;
import io.govclear.channel.http.HttpFailure;
import io.govclear.channel.http.HttpTimeouts;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signed calls in the bank message format ({@link BankSigning}) over the shared channel HTTP client, for the
 * engine's adapter calling a bank. An answer is trusted only when its signature verifies against the bank's key and
 * echoes our nonce; otherwise it is returned untrusted, never thrown.
 */
@Singleton
public class SignedBankHttp {

    /** The other side's answer: its HTTP status and body, and whether its signature checked out. */
    public record Answer(int status, byte[] body, boolean trusted, String problem) {

        static Answer untrusted(int status, byte[] body, String problem) {
            return new Answer(status, body, false, problem);
        }
    }

    @Inject ChannelHttp http;
    @Inject Clock clock;

    /**
     * Sends {@code body} (JSON, or null for a GET) signed with our key for {@code keys.bank()}, and checks the answer
     * with the bank's key; {@code operation} names the call in the metric. A transport failure or timeout is an
     * untrusted answer with status 0.
     */
    public Uni<Answer> call(BankKeys.Keys keys, String operation, HttpMethod method, String url, byte[] body) {
        Bank bank = keys.bank();
        BankConfig.Settings settings = keys.settings();
        String path = URI.create(url).getRawPath();
        long timestamp = clock.instant().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        byte[] payload = body == null ? new byte[0] : body;
        String signature = bank.scheme().sign(
                BankSigning.request(bank.code(), method.name(), path, timestamp, nonce, payload), keys.privateKey());
        Map<String, String> headers = new HashMap<>();
        headers.put(BankSigning.CODE, bank.code());
        headers.put(BankSigning.TIMESTAMP, Long.toString(timestamp));
        headers.put(BankSigning.NONCE, nonce);
        headers.put(BankSigning.SIGNATURE, signature);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return http.client(bank.channel().name(), new HttpTimeouts(settings.connectTimeout(), settings.readTimeout(),
                        settings.overallTimeout()))
                .send(operation, method, url, headers, payload)
                .map(answer -> verify(bank, keys, path, nonce, answer.status(), answer.body(),
                        answer.header(BankSigning.TIMESTAMP), answer.header(BankSigning.NONCE),
                        answer.header(BankSigning.SIGNATURE)))
                .onFailure().recoverWithItem(failure -> Answer.untrusted(0, new byte[0],
                        HttpFailure.describe(failure)));
    }

    private static Answer verify(Bank bank, BankKeys.Keys keys, String path, String nonce, int status, byte[] body,
            String timestamp, String answerNonce, String signature) {
        if (timestamp == null || signature == null || !nonce.equals(answerNonce)) {
            return Answer.untrusted(status, body, "HTTP " + status + ": answer not signed for this request");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Answer.untrusted(status, body, "HTTP " + status + ": malformed answer timestamp");
        }
        if (!bank.scheme().verify(BankSigning.answer(bank.code(), path, ts, nonce, body), signature,
                keys.bankPublicKey())) {
            return Answer.untrusted(status, body, "HTTP " + status + ": answer signature does not verify");
        }
        return new Answer(status, body, true, null);
    }
}
