package io.govclear.channel.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.tls.runtime.config.TlsConfigUtils;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's one HTTP client setup for talking to channels (Alipay, WeChat Pay, UnionPay, the banks) and to
 * webhook receivers. It owns one Vert.x core HTTP client (Mutiny API) per channel and connect timeout, pooled (up
 * to 50 connections per peer) and closed at shutdown, and hands out {@link ChannelClient}s that apply the caller's
 * timeouts, describe failures as {@link HttpFailure} and time every exchange. The core client rather than the REST
 * client or the web client: it needs no extra dependency, takes timeouts per request and streams answers to files.
 * <p>
 * TLS: a channel's client uses the Quarkus TLS configuration named after it when one is defined
 * ({@code quarkus.tls.<name>.*}, name from {@link #tlsConfigurationName}: alipay, wechat-pay, unionpay, bank-icbc,
 * bank-abc, webhook), e.g. to pin a channel's CA or present a client certificate; otherwise the JDK's trusted CAs,
 * with host names verified.
 */
@Singleton
public class ChannelHttp {

    static final int MAX_POOL_SIZE = 50;

    private final Vertx vertx;
    private final MeterRegistry registry;
    private final TlsConfigurationRegistry tls;
    private final Map<Key, HttpClient> clients = new ConcurrentHashMap<>();

    public ChannelHttp(Vertx vertx, MeterRegistry registry, TlsConfigurationRegistry tls) {
        this.vertx = vertx;
        this.registry = registry;
        this.tls = tls;
    }

    /**
     * The client of {@code channel} (the metric's channel tag: ALIPAY, BANK_ICBC, WEBHOOK, …) with these timeouts.
     * Cheap: clients of one channel and connect timeout share their connections.
     */
    public ChannelClient client(String channel, HttpTimeouts timeouts) {
        HttpClient http = clients.computeIfAbsent(new Key(channel, timeouts.connect()), this::create);
        return new ChannelClient(channel, http, timeouts, registry);
    }

    /** The TLS configuration a channel's client uses when it is defined: the channel in lower case, '-' for '_'. */
    public static String tlsConfigurationName(String channel) {
        return channel.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::closeAndForget);
        clients.clear();
    }

    private HttpClient create(Key key) {
        HttpClientOptions options = new HttpClientOptions()
                .setMaxPoolSize(MAX_POOL_SIZE)
                .setConnectTimeout((int) key.connect().toMillis());
        // each request's scheme still decides: http stays plain, https uses this configuration
        tls.get(tlsConfigurationName(key.channel())).ifPresent(c -> TlsConfigUtils.configure(options, c));
        return vertx.createHttpClient(options);
    }

    private record Key(String channel, Duration connect) {
    }
}
