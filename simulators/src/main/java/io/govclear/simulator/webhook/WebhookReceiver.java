package io.govclear.simulator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A collecting unit's webhook endpoint, for the demo and the tests: it checks each request exactly as a unit would
 * (only by the documented rule, {@link WebhookSignatures}, with the unit's secret from its own configuration, 5
 * minutes' tolerance) and keeps what it received in memory (the last {@value #KEEP} per unit). It can be told to
 * answer 500 to the next N requests.
 */
@Singleton
public class WebhookReceiver {

    static final long TOLERANCE_SECONDS = 300;
    /** Requests kept per unit (the oldest are forgotten), so a long demo or a benchmark does not grow the heap. */
    static final int KEEP = 2000;

    private final WebhookReceiverConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Deque<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresToAnswer = new ConcurrentHashMap<>();

    /** One request as it arrived: its signature header and whether it verified, what it announced, the answer. */
    public record Received(String eventId, String type, String paymentCode, String status, String signature,
            boolean verified, int answered, Instant receivedAt, String body) {
    }

    public WebhookReceiver(WebhookReceiverConfig config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** Checks and stores one request; returns the HTTP status to answer (204, 401, or 500 while failing). */
    public int receive(String unitCode, String signature, String body) {
        String secret = config.secrets().get(unitCode);
        boolean verified = secret != null && WebhookSignatures.verify(secret, signature, body,
                clock.instant().getEpochSecond(), TOLERANCE_SECONDS);
        AtomicInteger failing = failuresToAnswer.get(unitCode);
        int answer = !verified ? 401 : failing != null && failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
        JsonNode event = parse(body);
        Deque<Received> kept = received.computeIfAbsent(unitCode, k -> new ArrayDeque<>());
        Received request = new Received(event.path("eventId").asText(null), event.path("type").asText(null),
                        event.path("paymentCode").asText(null), event.path("status").asText(null), signature,
                        verified, answer, clock.instant(), body);
        synchronized (kept) {
            kept.addLast(request);
            if (kept.size() > KEEP) {
                kept.removeFirst();
            }
        }
        return answer;
    }

    /** What this unit's endpoint has received, oldest first (the last {@value #KEEP}). */
    public List<Received> received(String unitCode) {
        Deque<Received> kept = received.get(unitCode);
        if (kept == null) {
            return List.of();
        }
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** The next {@code count} verified requests for this unit are answered 500 (0 stops failing). */
    public void failNext(String unitCode, int count) {
        failuresToAnswer.computeIfAbsent(unitCode, k -> new AtomicInteger()).set(count);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
