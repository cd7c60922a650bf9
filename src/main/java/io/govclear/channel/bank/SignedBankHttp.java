package io.govclear.channel.bank;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Signed calls in the bank message format ({@link BankSigning}) over non-blocking HTTP, for the engine's adapter
 * calling a bank. An answer is trusted only when its signature
 * verifies against the other side's key and echoes our nonce; otherwise it is returned untrusted, never thrown.
 */
@Singleton
public class SignedBankHttp {

    /** The other side's answer: its HTTP status and body, and whether its signature checked out. */
    public record Answer(int status, byte[] body, boolean trusted, String problem) {

        static Answer untrusted(int status, byte[] body, String problem) {
            return new Answer(status, body, false, problem);
        }
    }

    private final HttpClient http;
    private final Clock clock;

    public SignedBankHttp(Vertx vertx, Clock clock) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(16).setConnectTimeout(5_000));
        this.clock = clock;
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    /**
     * Sends {@code body} (JSON, or empty for GET) signed with {@code signingKey} as {@code bank}, and checks the
     * answer with {@code answerKey}. A transport failure or timeout is an untrusted answer with status 0.
     */
    public Uni<Answer> call(Bank bank, PrivateKey signingKey, PublicKey answerKey, HttpMethod method, String url,
            byte[] body, Duration timeout) {
        String path = URI.create(url).getRawPath();
        long timestamp = clock.instant().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        byte[] payload = body == null ? new byte[0] : body;
        String signature = bank.scheme().sign(
                BankSigning.request(bank.code(), method.name(), path, timestamp, nonce, payload), signingKey);
        RequestOptions request = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(url)
                .putHeader(BankSigning.CODE, bank.code())
                .putHeader(BankSigning.TIMESTAMP, Long.toString(timestamp))
                .putHeader(BankSigning.NONCE, nonce)
                .putHeader(BankSigning.SIGNATURE, signature)
                .setIdleTimeout(timeout.toMillis());
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        return http.request(request)
                .onItem().transformToUni(sent -> sent.send(Buffer.buffer(payload)))
                .onItem().transformToUni(response -> response.body()
                        .onItem().transform(answer -> verify(bank, answerKey, path, nonce, response.statusCode(),
                                answer.getBytes(), response.getHeader(BankSigning.TIMESTAMP),
                                response.getHeader(BankSigning.NONCE), response.getHeader(BankSigning.SIGNATURE))))
                .onFailure().recoverWithItem(failure -> Answer.untrusted(0, new byte[0], "no answer: " + failure));
    }

    private static Answer verify(Bank bank, PublicKey answerKey, String path, String nonce, int status, byte[] body,
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
        if (!bank.scheme().verify(BankSigning.answer(bank.code(), path, ts, nonce, body), signature, answerKey)) {
            return Answer.untrusted(status, body, "HTTP " + status + ": answer signature does not verify");
        }
        return new Answer(status, body, true, null);
    }
}
