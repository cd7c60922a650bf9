package io.govclear.channel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpServer;
import io.vertx.mutiny.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared channel HTTP client against a local Vert.x server and a closed port: answers of any status, each kind
 * of failure described the same way, the timeouts applied, and every exchange timed as govclear.channel.http.
 */
class ChannelHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpTimeouts FAST = new HttpTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300),
            Optional.empty());
    private static final Charset GBK = Charset.forName("GBK");

    private static Vertx vertx;
    private static HttpServer server;
    private static String base;
    private static volatile CountDownLatch trickleClosed;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ChannelHttp channels = new ChannelHttp(vertx, registry, new NoTls());

    @BeforeAll
    static void startServer() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(ChannelHttpTest::answer)
                .listen(0, "127.0.0.1").await().atMost(WAIT);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stopServer() {
        server.close().await().atMost(WAIT);
        vertx.close().await().atMost(WAIT);
    }

    private static void answer(HttpServerRequest request) {
        switch (request.path()) {
            case "/echo" -> request.body().subscribe().with(body -> request.response()
                    .putHeader("Content-Type", "text/plain;charset=GBK")
                    .putHeader("X-Seen-Agent", String.valueOf(request.getHeader("User-Agent")))
                    .endAndForget(Buffer.buffer(("收到 " + request.method() + " " + new String(body.getBytes(), GBK))
                            .getBytes(GBK))));
            case "/busy" -> request.response().setStatusCode(503).endAndForget("busy");
            case "/silent" -> { }
            case "/trickle" -> {
                request.connection().closeHandler(() -> trickleClosed.countDown());
                request.response().setChunked(true).writeAndForget(".");
                long timer = vertx.setPeriodic(100, id -> request.response().writeAndForget("."));
                request.response().closeHandler(() -> vertx.cancelTimer(timer));
            }
            default -> request.response().setStatusCode(404).endAndForget("no such file");
        }
    }

    @Test
    void an_answer_of_any_status_is_an_item_and_its_text_is_read_in_its_charset() {
        ChannelClient client = channels.client("TEST", FAST);

        HttpAnswer ok = client.send("query", HttpMethod.POST, base + "/echo", Map.of(), "金额".getBytes(GBK))
                .await().atMost(WAIT);
        HttpAnswer busy = client.send("query", HttpMethod.GET, base + "/busy", Map.of(), null).await().atMost(WAIT);

        assertThat(ok.successful()).isTrue();
        assertThat(ok.text()).isEqualTo("收到 POST 金额");
        assertThat(ok.header("x-seen-agent")).isEqualTo(ChannelClient.USER_AGENT);
        assertThat(ok.requireSuccess()).isSameAs(ok);
        assertThat(busy.status()).isEqualTo(503);
        assertThatThrownBy(busy::requireSuccess)
                .isInstanceOfSatisfying(HttpFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(HttpFailure.Kind.BAD_STATUS);
                    assertThat(f.status()).isEqualTo(503);
                })
                .hasMessage("HTTP 503 from 127.0.0.1:" + server.actualPort() + ": busy");
        assertThat(timer("query", "OK").count()).isEqualTo(1);
        assertThat(timer("query", "BAD_STATUS").count()).isEqualTo(1);
    }

    @Test
    void a_closed_port_is_refused() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        HttpFailure failure = failure(channels.client("TEST", FAST)
                .send("refund", HttpMethod.POST, "http://127.0.0.1:" + port + "/x", Map.of(), new byte[0]));

        assertThat(failure.kind()).isEqualTo(HttpFailure.Kind.REFUSED);
        assertThat(failure.getMessage()).isEqualTo("connection refused by 127.0.0.1:" + port);
        assertThat(HttpFailure.describe(failure)).isEqualTo(failure.getMessage());
        assertThat(timer("refund", "REFUSED").count()).isEqualTo(1);
    }

    @Test
    void a_peer_that_never_answers_is_a_timeout_after_the_read_timeout() {
        long started = System.nanoTime();

        HttpFailure failure = failure(channels.client("TEST", FAST)
                .send("query", HttpMethod.GET, base + "/silent", Map.of(), null));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure.kind()).isEqualTo(HttpFailure.Kind.TIMEOUT);
        assertThat(failure.getMessage())
                .isEqualTo("no answer from 127.0.0.1:" + server.actualPort() + " for 300 ms (read timeout)");
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        Timer timer = timer("query", "TIMEOUT");
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(250);
    }

    @Test
    void an_answer_that_trickles_in_is_cut_off_at_the_overall_timeout() throws InterruptedException {
        trickleClosed = new CountDownLatch(1);
        HttpTimeouts bounded = new HttpTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300),
                Optional.of(Duration.ofMillis(700)));
        long started = System.nanoTime();

        HttpFailure failure = failure(channels.client("TEST", bounded)
                .send("statement", HttpMethod.GET, base + "/trickle", Map.of(), null));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(650),
                Duration.ofSeconds(3));
        assertThat(failure.kind()).isEqualTo(HttpFailure.Kind.TIMEOUT);
        assertThat(failure.getMessage()).isEqualTo("no complete answer from 127.0.0.1:" + server.actualPort()
                + " within 700 ms (overall timeout)");
        // the exchange is reset, not left to trickle on
        assertThat(trickleClosed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(timer("statement", "TIMEOUT").count()).isEqualTo(1);
    }

    @Test
    void a_download_that_is_not_200_fails_with_its_status_and_the_start_of_its_body() throws IOException {
        Path target = Files.createTempFile("channel-http-test-", ".bin");
        try {
            var file = vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true))
                    .await().atMost(WAIT);

            HttpFailure failure = failure(channels.client("TEST", FAST)
                    .download("statement-download", base + "/missing.csv", Map.of(), file));

            assertThat(failure.kind()).isEqualTo(HttpFailure.Kind.BAD_STATUS);
            assertThat(failure.getMessage()).isEqualTo("HTTP 404 from 127.0.0.1:" + server.actualPort()
                    + ": no such file");
            assertThat(timer("statement-download", "BAD_STATUS").count()).isEqualTo(1);
            file.closeAndAwait();
        } finally {
            Files.deleteIfExists(target);
        }
    }

    @Test
    void an_invalid_url_fails_as_an_error_without_sending() {
        HttpFailure failure = failure(channels.client("TEST", FAST)
                .send("send", HttpMethod.POST, "not a url", Map.of(), new byte[0]));

        assertThat(failure.kind()).isEqualTo(HttpFailure.Kind.ERROR);
        assertThat(failure.getMessage()).startsWith("invalid request URL");
    }

    @Test
    void connect_failures_are_told_apart_timeouts_first() {
        Duration second = Duration.ofSeconds(1);
        assertThat(HttpFailure.connecting("h:1", second, new io.netty.channel.ConnectTimeoutException("slow"))
                .kind()).isEqualTo(HttpFailure.Kind.TIMEOUT);
        assertThat(HttpFailure.connecting("h:1", second, new java.util.concurrent.TimeoutException("pool"))
                .getMessage()).isEqualTo("no connection to h:1 within 1000 ms (connect timeout)");
        assertThat(HttpFailure.connecting("h:1", second, new ConnectException("refused")).kind())
                .isEqualTo(HttpFailure.Kind.REFUSED);
        assertThat(HttpFailure.connecting("h:1", second, new UnknownHostException("h")).getMessage())
                .isEqualTo("cannot connect to h:1: UnknownHostException: h");
        assertThat(HttpFailure.describe(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
    }

    @Test
    void clients_of_one_channel_and_connect_timeout_share_their_connections() {
        ChannelClient first = channels.client("TEST", FAST);
        ChannelClient slower = channels.client("TEST", new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Optional.empty()));

        assertThat(first.timeouts().read()).isEqualTo(Duration.ofMillis(300));
        assertThat(slower.timeouts().read()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ChannelHttp.tlsConfigurationName("BANK_ICBC")).isEqualTo("bank-icbc");
        assertThat(ChannelHttp.tlsConfigurationName("WECHAT_PAY")).isEqualTo("wechat-pay");
        assertThatThrownBy(() -> new HttpTimeouts(Duration.ZERO, Duration.ofSeconds(1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Timer timer(String operation, String outcome) {
        Timer timer = registry.find(ChannelClient.METRIC)
                .tags("channel", "TEST", "operation", operation, "outcome", outcome).timer();
        assertThat(timer).as("timer %s %s", operation, outcome).isNotNull();
        return timer;
    }

    private static HttpFailure failure(io.smallrye.mutiny.Uni<?> uni) {
        Throwable failure = uni.map(item -> (Throwable) null).onFailure().recoverWithItem(e -> e)
                .await().atMost(WAIT);
        assertThat(failure).isInstanceOf(HttpFailure.class);
        return (HttpFailure) failure;
    }

    /** No TLS configurations defined. */
    private static final class NoTls implements TlsConfigurationRegistry {

        @Override
        public Optional<TlsConfiguration> get(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<TlsConfiguration> getDefault() {
            return Optional.empty();
        }

        @Override
        public void register(String name, TlsConfiguration configuration) {
            throw new UnsupportedOperationException();
        }
    }
}
