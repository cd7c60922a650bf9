package io.govclear.simulator.payout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.SimulatorConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulated payout bank: told how a batch's payout issue ended, it sends the engine its signed confirmation
 * ({@code POST /api/v1/settlements/{date}/payout-confirmation}, body {businessDate, issueNo, outcome, bankReference,
 * reason}, {@code X-Payout-Signature} = Base64 HMAC-SHA256 of the body under the bank's secret), exactly as the real
 * bank would, and answers with the engine's answer.
 */
@Path("/sim/payout-bank")
public class PayoutBankSimulator {

    /** What the bank is told: the issue of the payout file it received, PAID or FAILED (with a reason). */
    public record Outcome(String outcome, Integer issueNo, String reason) {
    }

    private static final Set<String> OUTCOMES = Set.of("PAID", "FAILED");

    private final HttpClient http;
    private final ObjectMapper json;
    private final String engineUrl;
    private final PayoutBankConfig config;

    public PayoutBankSimulator(Vertx vertx, ObjectMapper json, SimulatorConfig simulator, PayoutBankConfig config) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
        this.json = json;
        this.engineUrl = simulator.engineUrl();
        this.config = config;
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    @POST
    @Path("/payouts/{businessDate}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> answer(@PathParam("businessDate") String businessDate, Outcome outcome) {
        LocalDate date;
        try {
            date = LocalDate.parse(businessDate);
        } catch (DateTimeParseException e) {
            throw SimProblem.invalid("businessDate", "must be a date like 2026-12-08");
        }
        if (outcome == null || !OUTCOMES.contains(String.valueOf(outcome.outcome()))) {
            throw SimProblem.invalid("outcome", "must be PAID or FAILED");
        }
        if (outcome.issueNo() == null || outcome.issueNo() < 1) {
            throw SimProblem.invalid("issueNo", "is the payout file's issue (1, or higher after a re-issue)");
        }
        String secret = config.secret().orElseThrow(() -> new SimProblem(503, "PAYOUT_BANK_NOT_CONFIGURED",
                "govclear.simulator.payout-bank.secret is not set"));
        ObjectNode body = json.createObjectNode()
                .put("businessDate", date.toString())
                .put("issueNo", outcome.issueNo())
                .put("outcome", outcome.outcome())
                .put("bankReference", "SIM" + date.toString().replace("-", "") + outcome.issueNo())
                .put("reason", outcome.reason());
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(engineUrl + "/api/v1/settlements/" + date + "/payout-confirmation")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Payout-Signature", hmac(secret, bytes))
                .setIdleTimeout(10_000);
        return http.request(request)
                .chain(sent -> sent.send(Buffer.buffer(bytes)))
                .chain(response -> response.body().map(answer -> Response.status(response.statusCode())
                        .type(response.getHeader("Content-Type"))
                        .entity(answer.toString())
                        .build()));
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
