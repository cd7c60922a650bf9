package io.govclear.channel.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.file.AsyncFile;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * One channel's HTTP client, handed out by {@link ChannelHttp}: every exchange runs with the channel's
 * {@link HttpTimeouts}, fails only with an {@link HttpFailure}, and is timed as {@code govclear.channel.http}
 * tagged {@code channel}, {@code operation} and {@code outcome} (OK for 2xx, BAD_STATUS for any other status,
 * TIMEOUT, REFUSED or ERROR). Redirects are never followed.
 */
public final class ChannelClient {

    /** The timer of every exchange. */
    public static final String METRIC = "govclear.channel.http";
    static final String USER_AGENT = "GovClear";

    private final String channel;
    private final HttpClient http;
    private final HttpTimeouts timeouts;
    private final MeterRegistry registry;

    ChannelClient(String channel, HttpClient http, HttpTimeouts timeouts, MeterRegistry registry) {
        this.channel = channel;
        this.http = http;
        this.timeouts = timeouts;
        this.registry = registry;
    }

    public HttpTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Sends one request ({@code body} null for none) and reads the whole answer. An answer of any status is an item
     * (see {@link HttpAnswer#requireSuccess}); no connection, no answer in time or a broken exchange fail the Uni
     * with an {@link HttpFailure}. {@code operation} names the call in the metric (query, refund, …).
     */
    public Uni<HttpAnswer> send(String operation, HttpMethod method, String url, Map<String, String> headers,
            byte[] body) {
        return Uni.createFrom().deferred(() -> {
            RequestOptions options;
            try {
                options = options(method, url, headers);
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(HttpFailure.invalid("invalid request URL: " + e.getMessage(), e));
            }
            String peer = options.getHost() + ":" + options.getPort();
            Timer.Sample sample = Timer.start(registry);
            Uni<HttpAnswer> exchange = http.request(options)
                    .onFailure().transform(e -> HttpFailure.connecting(peer, timeouts.connect(), e))
                    .chain(request -> (body == null ? request.send() : request.send(Buffer.buffer(body)))
                            .chain(response -> response.body().map(answer -> new HttpAnswer(response.statusCode(),
                                    headers(response), answer.getBytes(), peer)))
                            .onFailure().transform(e -> HttpFailure.answering(peer, timeouts.read(), e))
                            .onCancellation().invoke(() -> request.reset()));
            if (timeouts.overall().isPresent()) {
                exchange = exchange.ifNoItem().after(timeouts.overall().get())
                        .failWith(() -> HttpFailure.overall(peer, timeouts.overall().get()));
            }
            return exchange.onItemOrFailure().invoke((answer, failure) -> sample.stop(
                    timer(operation, failure != null ? outcome(failure) : answer.successful() ? "OK" : "BAD_STATUS")));
        });
    }

    /**
     * GETs {@code url} and streams a 200 answer's body into {@code file} chunk by chunk with back pressure, ending
     * (closing) the file once complete. Any other status fails with a {@link HttpFailure.Kind#BAD_STATUS} failure
     * showing the start of the body; bounded by the connect and read timeouts only, however large the file.
     */
    public Uni<Void> download(String operation, String url, Map<String, String> headers, AsyncFile file) {
        return Uni.createFrom().deferred(() -> {
            RequestOptions options;
            try {
                options = options(HttpMethod.GET, url, headers);
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(HttpFailure.invalid("invalid download URL: " + e.getMessage(), e));
            }
            String peer = options.getHost() + ":" + options.getPort();
            Timer.Sample sample = Timer.start(registry);
            return http.request(options)
                    .onFailure().transform(e -> HttpFailure.connecting(peer, timeouts.connect(), e))
                    .chain(request -> request.send()
                            .chain(response -> response.statusCode() == 200 ? response.pipeTo(file)
                                    : response.body().chain(text -> Uni.createFrom().<Void>failure(
                                            HttpFailure.badStatus(peer, response.statusCode(), text.toString()))))
                            .onFailure().transform(e -> HttpFailure.answering(peer, timeouts.read(), e))
                            .onCancellation().invoke(() -> request.reset()))
                    .onItemOrFailure().invoke((done, failure) -> sample.stop(
                            timer(operation, failure != null ? outcome(failure) : "OK")));
        });
    }

    private RequestOptions options(HttpMethod method, String url, Map<String, String> headers) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(url)
                .setFollowRedirects(false)
                .setConnectTimeout(timeouts.connect().toMillis())
                .setIdleTimeout(timeouts.read().toMillis())
                .putHeader("User-Agent", USER_AGENT);
        headers.forEach(options::putHeader);
        return options;
    }

    private static Map<String, String> headers(HttpClientResponse response) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : response.headers().names()) {
            headers.put(name, response.headers().get(name));
        }
        return headers;
    }

    private static String outcome(Throwable failure) {
        return failure instanceof HttpFailure http ? http.kind().name() : HttpFailure.Kind.ERROR.name();
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder(METRIC)
                .description("HTTP exchanges with the channels and webhook receivers")
                .tag("channel", channel)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry);
    }
}
