package io.govclear.simulator.wechatpay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.simulator.NotifyOutbox;
import io.govclear.simulator.NotifyOutbox.Pending;
import io.govclear.simulator.PayRequest.NotifyFault;
import io.govclear.simulator.SimStore;
import io.govclear.simulator.SimulatorConfig;
import io.govclear.simulator.wechatpay.SimViews.Notify;
import io.govclear.simulator.wechatpay.SimViews.Resource;
import io.govclear.simulator.wechatpay.SimViews.Transaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends TRANSACTION.SUCCESS notifies the way WeChat Pay does: a JSON envelope whose resource is the transaction
 * encrypted with the APIv3 key, signed with the platform key (signed afresh, with a new timestamp, for every send),
 * POSTed to the trade's notify_url. Anything but 200/204 within the notify timeout is sent again after 15s, 15s, 30s,
 * 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h, each multiplied by govclear.simulator.time-scale. The notifies
 * owed are durable ({@link NotifyOutbox}); a non-blocking client, no thread ever sleeps.
 * <p>
 * Faults: DROP never sends; DUPLICATE sends the same notify 10 times at once; DELAY sends the first one after the first
 * interval; TAMPER sends, with the genuine signature, a body whose resource says another amount (every send of it).
 */
@ApplicationScoped
public class NotifyDelivery {

    static final List<Duration> RETRY_INTERVALS = List.of(Duration.ofSeconds(15), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofMinutes(20),
            Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(60),
            Duration.ofHours(3), Duration.ofHours(3), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(6));
    private static final Logger LOG = Logger.getLogger(NotifyDelivery.class);
    private static final int DUPLICATES = 10;
    private static final String SIGNED = "signed";
    private static final String SENT = "sent";

    private final HttpClient http;
    private final SimulatorKeys keys;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration timeout;
    private final NotifyOutbox outbox;

    public NotifyDelivery(Vertx vertx, SimulatorKeys keys, ObjectMapper json, Clock clock, SimulatorConfig config,
            WechatPaySimulatorConfig simulatorConfig, SimStore store) {
        // a real channel notifies over many connections; Vert.x's default of five per host queues notifies under load
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(20));
        this.keys = keys;
        this.json = json;
        this.clock = clock;
        this.timeout = simulatorConfig.notifyTimeout();
        this.outbox = new NotifyOutbox("wechat-pay", store, vertx, clock, RETRY_INTERVALS, config.timeScale(),
                this::attempt);
    }

    void resume(@Observes StartupEvent start) {
        outbox.resume();
    }

    @PreDestroy
    void closeClient() {
        http.closeAndForget();
    }

    /** Starts delivering the notify for a paid trade; returns at once. */
    public void send(SimTrade trade, NotifyFault fault) {
        String id = "EV-" + trade.transactionId();
        String body = envelope(id, trade, trade.totalFen());
        String sent = fault == NotifyFault.TAMPER ? envelope(id, trade, trade.totalFen() + 1) : body;
        Map<String, String> payload = Map.of(SIGNED, body, SENT, sent);
        outbox.owe(fault, id, trade.notifyUrl(), payload, DUPLICATES, RETRY_INTERVALS.get(0), 0);
    }

    /** One send of the owed notify's copies, signed now: true when one was acknowledged. */
    private Uni<Boolean> attempt(Pending owed) {
        Map<String, String> headers = keys.sign(owed.payload().get(SIGNED));
        // each subscription to the same Uni is one more POST: DUPLICATE sends its copies at once
        return Uni.join()
                .all(Collections.nCopies(owed.copies(), post(owed, headers)))
                .andCollectFailures()
                .map(acknowledged -> acknowledged.contains(Boolean.TRUE));
    }

    /** One POST; true when the merchant answered 200 or 204 in time. */
    private Uni<Boolean> post(Pending owed, Map<String, String> headers) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(owed.url())
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Wechatpay-Signature-Type", SimulatorKeys.SIGNATURE_TYPE);
        headers.forEach(options::putHeader);
        return http.request(options)
                .chain(request -> request.send(owed.payload().get(SENT)))
                .chain(response -> response.body()
                        .map(ignored -> response.statusCode()))
                .map(status -> status == 200 || status == 204)
                .onFailure().invoke(e -> LOG.debugf("notify %s to %s failed: %s", owed.id(), owed.url(), e))
                .onFailure().recoverWithItem(false);
    }

    private String envelope(String id, SimTrade trade, long claimedTotalFen) {
        String nonce = SimulatorKeys.nonce(12);
        Transaction transaction = Transaction.of(trade);
        Transaction claimed = new Transaction(transaction.appid(), transaction.mchid(), transaction.outTradeNo(),
                transaction.transactionId(), transaction.tradeType(), transaction.tradeState(),
                transaction.tradeStateDesc(), transaction.bankType(), transaction.attach(), transaction.successTime(),
                transaction.payer(), new SimViews.TransactionAmount(claimedTotalFen, claimedTotalFen, "CNY", "CNY"));
        String ciphertext = keys.encrypt("transaction", nonce, write(claimed));
        return write(new Notify(id, SimViews.rfc3339(clock.instant()), "TRANSACTION.SUCCESS", "encrypt-resource",
                "支付成功", new Resource("transaction", "AEAD_AES_256_GCM", ciphertext, "transaction", nonce)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
