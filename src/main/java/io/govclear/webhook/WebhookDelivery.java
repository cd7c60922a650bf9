package io.govclear.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.http.ChannelClient;
import io.govclear.channel.http.ChannelHttp;
import io.govclear.channel.http.HttpAnswer;
import io.govclear.channel.http.HttpFailure;
import io.govclear.channel.http.HttpTimeouts;
import io.govclear.common.Clocks;
import io.govclear.common.NoControlCharacters;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends the webhook outbox. Each instance claims due events (FOR UPDATE SKIP LOCKED, then held by a token for a
 * lease longer than the send timeout), so N instances send each event once; an instance that dies mid-send leaves
 * its events to be sent again after the lease (at least once: receivers drop repeats by eventId). A send is a POST of
 * the event's JSON signed with the unit's API secret ({@link WebhookSignature}); any 2xx is delivered; anything else
 * (status, timeout, refused connection) is retried on the backoff schedule, then FAILED; each send is recorded with
 * the answer's status, the start of its body, or the error, and how long it took. Stale events (the bill has
 * moved on) are dropped at claim time, never sent. Sends go through the shared channel HTTP client as channel
 * {@value #CHANNEL} (timeouts from {@link WebhooksConfig}, metric {@code govclear.channel.http}).
 */
@Singleton
public class WebhookDelivery {

    /** The webhook sender's name in the shared channel HTTP client: metric tag, TLS configuration "webhook". */
    public static final String CHANNEL = "WEBHOOK";
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    private static final int MAX_ERROR = 500;
    /** The part of an answer's body kept with its send (webhook_delivery.answer_excerpt). */
    static final int MAX_ANSWER = 500;

    private final WebhookRepository events;
    private final CatalogService catalog;
    private final ChannelClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final WebhooksConfig config;

    @Inject
    public WebhookDelivery(WebhookRepository events, CatalogService catalog, ChannelHttp http, ObjectMapper json,
            Clock clock, WebhooksConfig config) {
        this.events = events;
        this.catalog = catalog;
        this.http = http.client(CHANNEL, new HttpTimeouts(config.timeout(), config.timeout(), config.overallTimeout()));
        this.json = json;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(every = "${govclear.webhooks.interval}", identity = "webhook-delivery",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return deliverDue().replaceWithVoid();
    }

    /** Claims what is due and sends it, until nothing is due; returns how many events this instance sent. */
    public Uni<Integer> deliverDue() {
        return deliverBatch().chain(sent -> sent.claimed() == 0 ? Uni.createFrom().item(0)
                : deliverDue().map(more -> sent.sent() + more));
    }

    private record Batch(int claimed, int sent) {
    }

    private Uni<Batch> deliverBatch() {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        return events.claim(now, config.batchSize(), now.plus(config.lease()), token)
                .chain(claimed -> {
                    List<WebhookRepository.Claimed> live = claimed.stream().filter(e -> !e.stale()).toList();
                    claimed.stream().filter(WebhookRepository.Claimed::stale).forEach(e -> LOG.debugf(
                            "webhook %s (%s of %s) is stale: not sent", e.eventId(), e.type(), e.paymentCode()));
                    if (live.isEmpty()) {
                        return Uni.createFrom().item(new Batch(claimed.size(), 0));
                    }
                    return Multi.createFrom().iterable(live)
                            .onItem().transformToUni(e -> Uni.createFrom().deferred(() -> send(e, token))
                                    .onFailure().recoverWithItem(error -> {
                                        LOG.warnf(error, "webhook %s: recording the send failed; sent again after "
                                                + "the lease", e.eventId());
                                        return false;
                                    }))
                            .merge(8)
                            .collect().asList()
                            .map(done -> new Batch(claimed.size(), done.size()));
                });
    }

    private Uni<Boolean> send(WebhookRepository.Claimed event, UUID token) {
        Catalog.Unit unit = catalog.current().unit(event.unitId());
        String body = event.body() != null ? event.body() : render(event, unit.code());
        long started = System.nanoTime();
        Instant now = clock.instant();
        // the unit's live signing keys, newest first (its webhook keys, or its current API key when it has none)
        List<byte[]> secrets = unit.webhookKeysAt(now).stream().map(Catalog.Key::secret).toList();
        if (secrets.isEmpty()) {
            return events.record(event, token, body, failed(event, null, null, "the unit has no key to sign with",
                    started), now);
        }
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                "X-GovClear-Event-Id", event.eventId().toString(),
                "X-GovClear-Event-Type", event.type(),
                WebhookSignature.HEADER, WebhookSignature.header(secrets, now.getEpochSecond(), body));
        return http.send("send", HttpMethod.POST, event.url(), headers, body.getBytes(StandardCharsets.UTF_8))
                .map(answer -> answer.successful() ? delivered(answer.status(), excerpt(answer), started)
                        : failed(event, answer.status(), excerpt(answer), null, started))
                .onFailure().recoverWithItem(error -> failed(event, null, null, describe(error), started))
                .chain(outcome -> events.record(event, token, body, outcome, clock.instant()));
    }

    private WebhookRepository.Outcome delivered(int code, String answer, long started) {
        return new WebhookRepository.Outcome(WebhookEventStatus.DELIVERED,
                0, clock.instant(), clock.instant(), code, null,
                millisSince(started), answer);
    }

    /** The next wait on the backoff schedule, or FAILED after its last step. */
    private WebhookRepository.Outcome failed(WebhookRepository.Claimed event, Integer code, String answer,
            String error, long started) {
        int failures = event.failures() + 1;
        List<Duration> backoff = config.backoff();
        Instant now = clock.instant();
        String detail = error != null ? error : "HTTP " + code;
        if (failures > backoff.size()) {
            LOG.infof("webhook %s to unit %s given up after %d failed sends (%s)", event.eventId(), event.unitId(),
                    failures, detail);
            return new WebhookRepository.Outcome(WebhookEventStatus.FAILED,
                    failures, now, null, code, error, millisSince(started), answer);
        }
        return new WebhookRepository.Outcome(WebhookEventStatus.PENDING,
                failures, now.plus(backoff.get(failures - 1)), null, code,
                error, millisSince(started), answer);
    }

    /**
     * The start of the receiver's answer as text (its charset, else UTF-8), every control character a space so that a
     * NUL or a line break cannot end up in the column or a page; null for an empty body.
     */
    static String excerpt(HttpAnswer answer) {
        if (answer.body().length == 0) {
            return null;
        }
        String text = answer.text();
        text = text.substring(0, Math.min(text.length(), MAX_ANSWER));
        return NoControlCharacters.CONTROL.matcher(text).replaceAll(" ");
    }

    private String render(WebhookRepository.Claimed e, String unitCode) {
        try {
            return json.writeValueAsString(new WebhookEvent(e.eventId().toString(), e.type(), shanghai(e.occurredAt()),
                    unitCode, e.paymentCode(), e.unitOrderNo(), e.orderStatus(),
                    new WebhookEvent.Amounts(e.principalFen(), e.paidFen(), e.lateFeeFen(), e.channel(),
                            shanghai(e.paidAt()))));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static OffsetDateTime shanghai(Instant instant) {
        return instant == null ? null : instant.atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime();
    }

    private static String describe(Throwable error) {
        String text = HttpFailure.describe(error);
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }

    private static int millisSince(long startedNanos) {
        return (int) Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
