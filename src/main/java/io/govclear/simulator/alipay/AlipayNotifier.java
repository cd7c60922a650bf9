package io.govclear.simulator.alipay;

import io.govclear.channel.alipay.FormCodec;
import io.govclear.channel.alipay.Rsa2;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.Yuan;
import io.govclear.simulator.PayRequest.NotifyFault;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Sends the simulated Alipay's async notifies: a signed form POST to the trade's notify_url, sent again at 4m, 10m,
 * 10m, 1h, 2h, 6h and 15h (times govclear.simulator.time-scale) until the answer is {@code success}. Each send carries
 * a fresh notify_time and signature; notify_id stays the same. Timers and non-blocking HTTP: no thread ever waits.
 */
@Singleton
public class AlipayNotifier {

    private static final Logger LOG = Logger.getLogger(AlipayNotifier.class);
    private static final List<Duration> RETRIES = List.of(Duration.ofMinutes(4), Duration.ofMinutes(10),
            Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6),
            Duration.ofHours(15));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int DUPLICATES = 10;
    // A merchant that never answers counts as a failed send, so a hung endpoint holds no connection for long
    private static final int ANSWER_TIMEOUT_MS = 5_000;

    private final Vertx vertx;
    private final HttpClient http;
    private final Clock clock;
    private final double timeScale;
    private final PrivateKey alipayKey;

    AlipayNotifier(Vertx vertx, Clock clock, GovClearConfig config, AlipaySimulatorConfig simulatorConfig) {
        this.vertx = vertx;
        // Room for a DUPLICATE burst to go out at once rather than queue behind the default five connections
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(2 * DUPLICATES)
                .setConnectTimeout(ANSWER_TIMEOUT_MS));
        this.clock = clock;
        this.timeScale = config.simulator().timeScale();
        this.alipayKey = Rsa2.privateKey(simulatorConfig.alipayPrivateKey()
                .orElseThrow(() -> new IllegalStateException("govclear.simulator.alipay.alipay-private-key is not set")));
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
        switch (fault) {
            case DROP -> LOG.debugf("dropping notify %s", fields.get("notify_id"));
            case DELAY -> schedule(new Delivery(notifyUrl, Map.copyOf(fields), false), 0, 1);
            case DUPLICATE -> attempt(new Delivery(notifyUrl, Map.copyOf(fields), false), 0, DUPLICATES);
            case TAMPER -> attempt(new Delivery(notifyUrl, Map.copyOf(fields), true), 0, 1);
            case NORMAL -> attempt(new Delivery(notifyUrl, Map.copyOf(fields), false), 0, 1);
        }
    }

    /** Sends {@code copies} of one signed notify at once; unless one is acknowledged, schedules the next retry. */
    private void attempt(Delivery delivery, int retriesDone, int copies) {
        String body = FormCodec.encode(signedForm(delivery));
        Uni.join().all(IntStream.range(0, copies).mapToObj(i -> send(delivery.url(), body)).toList())
                .andFailFast()
                .subscribe().with(
                        answers -> {
                            if (!answers.contains(true)) {
                                schedule(delivery, retriesDone, 1);
                            }
                        },
                        failure -> LOG.errorf(failure, "notify %s failed", delivery.fields().get("notify_id")));
    }

    private void schedule(Delivery delivery, int retriesDone, int copies) {
        if (retriesDone >= RETRIES.size()) {
            LOG.infof("giving up notify %s after %d retries", delivery.fields().get("notify_id"), retriesDone);
            return;
        }
        long delayMs = Math.max(1, Math.round(RETRIES.get(retriesDone).toMillis() * timeScale));
        vertx.setTimer(delayMs, id -> attempt(delivery, retriesDone + 1, copies));
    }

    /** The fields with this send's notify_time, signed; a TAMPER delivery then gets one more yuan. */
    private Map<String, String> signedForm(Delivery delivery) {
        Map<String, String> form = new TreeMap<>(delivery.fields());
        form.put("notify_time", TIME.format(LocalDateTime.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE)));
        form.put("sign_type", "RSA2");
        form.put("sign", Rsa2.sign(Rsa2.content(form, Rsa2.NOTIFY_UNSIGNED), alipayKey));
        if (delivery.tamper()) {
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

    private record Delivery(String url, Map<String, String> fields, boolean tamper) {
    }
}
