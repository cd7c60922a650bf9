package io.govclear.simulator.unionpay;

import io.govclear.channel.alipay.FormCodec;
import io.govclear.common.GovClearConfig;
import io.govclear.simulator.PayRequest.NotifyFault;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Sends the simulated UnionPay's back notifies: a form POST of the signed fields to the consume's backUrl, 5 sends in
 * all, the intervals between them 0, 1, 2 and 4 minutes (times govclear.simulator.time-scale), until one is answered
 * HTTP 200 within the notify timeout. Every send is the same signed message. Timers and a non-blocking client.
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

    private final Vertx vertx;
    private final HttpClient http;
    private final double timeScale;
    private final Duration timeout;

    @Inject
    UnionPayNotifier(Vertx vertx, GovClearConfig config, UnionPaySimulatorConfig simulatorConfig) {
        this(vertx, config.simulator().timeScale(), simulatorConfig.notifyTimeout());
    }

    /** With its own time scale: tests that measure the schedule need intervals longer than scheduling noise. */
    UnionPayNotifier(Vertx vertx, double timeScale, Duration timeout) {
        this.vertx = vertx;
        // a real channel notifies over many connections; Vert.x's default of five per host queues notifies under load
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(2 * DUPLICATES));
        this.timeScale = timeScale;
        this.timeout = timeout;
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
        Delivery delivery = new Delivery(signed.get("orderId"), backUrl, FormCodec.encode(sent),
                fault == NotifyFault.DUPLICATE ? DUPLICATES : 1);
        switch (fault) {
            case DROP -> LOG.infof("notify for %s dropped on purpose", delivery.orderId());
            case DELAY -> vertx.setTimer(scaled(INTERVALS.get(1)), timer -> attempt(delivery, 0));
            default -> attempt(delivery, 0);
        }
    }

    /** Send number {@code sent} (0 = the first); unless answered 200, the next one after interval {@code sent}. */
    private void attempt(Delivery delivery, int sent) {
        // each subscription to the same Uni is one more POST: DUPLICATE sends its copies at once
        Uni.join()
                .all(Collections.nCopies(delivery.copies(), post(delivery)))
                .andCollectFailures()
                .map(answers -> answers.contains(Boolean.TRUE))
                .subscribe().with(accepted -> {
                    if (!accepted && sent < INTERVALS.size()) {
                        vertx.setTimer(scaled(INTERVALS.get(sent)), timer -> attempt(delivery, sent + 1));
                    } else if (!accepted) {
                        LOG.infof("notify for %s given up after %d sends", delivery.orderId(), sent + 1);
                    }
                });
    }

    private Uni<Boolean> post(Delivery delivery) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(delivery.url())
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        return http.request(options)
                .chain(request -> request.send(delivery.body()))
                .chain(response -> response.body()
                        .map(ignored -> response.statusCode() == 200))
                .onFailure().invoke(e -> LOG.debugf("notify for %s failed: %s", delivery.orderId(), e))
                .onFailure().recoverWithItem(false);
    }

    private long scaled(Duration interval) {
        return Math.max(1, Math.round(interval.toMillis() * timeScale));
    }

    private record Delivery(String orderId, String url, String body, int copies) {
    }
}
