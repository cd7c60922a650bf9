package io.govclear.simulator.unionpay;

import io.govclear.simulator.Forms;
import io.govclear.simulator.NotifyOutbox;
import io.govclear.simulator.NotifyOutbox.Pending;
import io.govclear.simulator.PayRequest.NotifyFault;
import io.govclear.simulator.SimStore;
import io.govclear.simulator.SimulatorConfig;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends the simulated UnionPay's back notifies: a form POST of the signed fields to the consume's backUrl, 5 sends in
 * all, the intervals between them 0, 1, 2 and 4 minutes (times govclear.simulator.time-scale), until one is answered
 * HTTP 200 within the notify timeout. Every send is the same signed message. The notifies owed are durable
 * ({@link NotifyOutbox}); a non-blocking client.
 * <p>
 * Faults: DROP never sends; DUPLICATE sends ten copies at once; DELAY sends the first one after the first non-zero
 * interval (1 minute), then on the schedule; TAMPER sends, with the genuine signature, a txnAmt one yuan higher
 * (every send).
 */
@Singleton
public class UnionPayNotifier {

    static final List<Duration> INTERVALS = List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(4));
    private static final Logger LOG = Logger.getLogger(UnionPayNotifier.class);
    private static final int DUPLICATES = 10;
    private static final String BODY = "body";

    private final HttpClient http;
    private final Duration timeout;
    private final NotifyOutbox outbox;

    UnionPayNotifier(Vertx vertx, Clock clock, SimulatorConfig config, UnionPaySimulatorConfig simulatorConfig,
            SimStore store) {
        // a real channel notifies over many connections; Vert.x's default of five per host queues notifies under load
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(2 * DUPLICATES));
        this.timeout = simulatorConfig.notifyTimeout();
        this.outbox = new NotifyOutbox("unionpay", store, vertx, clock, INTERVALS, config.timeScale(),
                this::attempt);
    }

    void resume(@Observes StartupEvent start) {
        outbox.resume();
    }

    @PreDestroy
    void closeClient() {
        http.closeAndForget();
    }

    /** Starts delivering a signed notify; returns at once. */
    void send(String backUrl, Map<String, String> signed, NotifyFault fault) {
        Map<String, String> sent = new TreeMap<>(signed);
        if (fault == NotifyFault.TAMPER) {
            sent.put("txnAmt", Long.toString(Long.parseLong(sent.get("txnAmt")) + 100));
        }
        String id = signed.get("orderId") + "-" + UUID.randomUUID();
        Map<String, String> payload = Map.of(BODY, Forms.encode(sent));
        outbox.owe(fault, id, backUrl, payload, DUPLICATES, INTERVALS.get(1), 0);
    }

    /** One send of the owed notify's copies (each subscription is one more POST): true when one was answered 200. */
    private Uni<Boolean> attempt(Pending owed) {
        return Uni.join()
                .all(Collections.nCopies(owed.copies(), post(owed)))
                .andCollectFailures()
                .map(answers -> answers.contains(Boolean.TRUE));
    }

    private Uni<Boolean> post(Pending owed) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(owed.url())
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        return http.request(options)
                .chain(request -> request.send(owed.payload().get(BODY)))
                .chain(response -> response.body()
                        .map(ignored -> response.statusCode() == 200))
                .onFailure().invoke(e -> LOG.debugf("notify %s failed: %s", owed.id(), e))
                .onFailure().recoverWithItem(false);
    }
}
