package io.govclear.simulator.alipay;

import io.govclear.simulator.Forms;
import io.govclear.simulator.NotifyOutbox;
import io.govclear.simulator.NotifyOutbox.Pending;
import io.govclear.simulator.PayRequest.NotifyFault;
import io.govclear.simulator.SimClock;
import io.govclear.simulator.SimStore;
import io.govclear.simulator.SimulatorConfig;
import io.govclear.simulator.Yuan;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Sends the simulated Alipay's async notifies: a signed form POST to the trade's notify_url, sent again at 4m, 10m,
 * 10m, 1h, 2h, 6h and 15h (times govclear.simulator.time-scale) until the answer is {@code success}. Each send carries
 * a fresh notify_time and signature; notify_id stays the same. The notifies owed are durable ({@link NotifyOutbox}).
 */
@Singleton
public class AlipayNotifier {

    static final List<Duration> RETRIES = List.of(Duration.ofMinutes(4), Duration.ofMinutes(10),
            Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6),
            Duration.ofHours(15));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int DUPLICATES = 10;
    /** Marks, in a stored payload, a notify whose amount is changed after signing. */
    private static final String TAMPER = "_tamper";
    // A merchant that never answers counts as a failed send, so a hung endpoint holds no connection for long
    private static final int ANSWER_TIMEOUT_MS = 5_000;

    private final HttpClient http;
    private final Clock clock;
    private final AlipaySigning signing;
    private final NotifyOutbox outbox;

    AlipayNotifier(Vertx vertx, Clock clock, SimulatorConfig config, AlipaySigning signing, SimStore store) {
        // Room for a DUPLICATE burst to go out at once rather than queue behind the default five connections
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(2 * DUPLICATES)
                .setConnectTimeout(ANSWER_TIMEOUT_MS));
        this.clock = clock;
        this.signing = signing;
        this.outbox = new NotifyOutbox("alipay", store, vertx, clock, RETRIES, config.timeScale(), this::attempt);
    }

    void resume(@Observes StartupEvent start) {
        outbox.resume();
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    /**
     * Delivers one notify (its fields without notify_time, sign_type and sign) as the fault says: NORMAL at once;
     * DROP never; DUPLICATE ten copies at once; DELAY first after the first retry interval; TAMPER with total_amount
     * changed after signing. All but DROP are retried until acknowledged.
     */
    void deliver(String notifyUrl, Map<String, String> fields, NotifyFault fault) {
        String id = fields.get("notify_id");
        Map<String, String> payload = new HashMap<>(fields);
        if (fault == NotifyFault.TAMPER) {
            payload.put(TAMPER, "true");
        }
        outbox.owe(fault, id, notifyUrl, payload, DUPLICATES, RETRIES.get(0), 1);
    }

    /** Sends the owed notify's copies at once, signed now: true when one was acknowledged. */
    private Uni<Boolean> attempt(Pending owed) {
        String body = Forms.encode(signedForm(owed.payload()));
        return Uni.join().all(IntStream.range(0, owed.copies()).mapToObj(i -> send(owed.url(), body)).toList())
                .andFailFast()
                .map(answers -> answers.contains(true));
    }

    /** The fields with this send's notify_time, signed; a TAMPER delivery then gets one more yuan. */
    private Map<String, String> signedForm(Map<String, String> payload) {
        Map<String, String> form = new TreeMap<>(payload);
        boolean tamper = form.remove(TAMPER) != null;
        form.put("notify_time", TIME.format(LocalDateTime.ofInstant(clock.instant(), SimClock.ZONE)));
        form.put("sign_type", "RSA2");
        form.put("sign", signing.signNotify(form));
        if (tamper) {
            form.put("total_amount", Yuan.format(Yuan.parse(form.get("total_amount")) + 100));
        }
        return form;
    }

    /** One POST; true when the merchant answered 200 with the body "success" (in any case). */
    private Uni<Boolean> send(String url, String body) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .setIdleTimeout(ANSWER_TIMEOUT_MS);
        return http.request(request)
                .onItem().transformToUni(post -> post.send(body))
                .onItem().transformToUni(response -> response.body()
                        .onItem().transform(answer -> response.statusCode() == 200
                                && answer.toString().trim().equalsIgnoreCase("success")))
                .onFailure().recoverWithItem(false);
    }
}
