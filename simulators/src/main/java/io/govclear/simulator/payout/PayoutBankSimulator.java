package io.govclear.simulator.payout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.SimulatorConfig;
import io.govclear.simulator.agentbank.AgentBank;
import io.govclear.simulator.agentbank.PayoutBooking;
import io.smallrye.mutiny.Multi;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The simulated payout bank: told how a batch's payout issue ended, it sends the engine its signed confirmation
 * ({@code POST /api/v1/settlements/{date}/payout-confirmation}, body {businessDate, issueNo, outcome, bankReference,
 * reason}, {@code X-Payout-Signature} = Base64 HMAC-SHA256 of the body under the bank's secret), exactly as the real
 * bank would, and answers with the engine's answer.
 * <p>
 * Told PAID with the payout file, it also pays it: the agent bank debits every voucher from the collection account
 * today and credits each returned one back tomorrow with its reason (once per businessDate + issueNo, however often
 * it is told), and it relays the treasury's receipt (缴库回执) of every voucher paid to a treasury, neither returned
 * nor withheld: {@code POST /api/v1/funds/treasury-receipts} {receiptNo, voucherNo, businessDate, treasuryCode,
 * amountFen, receivedOn}, signed the same way. The answer stays the engine's answer to the confirmation; the
 * receipts' fates are in the header {@code X-Treasury-Receipts: voucherNo=status,…} (status 0: no answer).
 */
@Path("/sim/payout-bank")
public class PayoutBankSimulator {

    /** One returned voucher (退汇) and its ISO 20022 return reason code (AC04, AC06, AM05, …). */
    public record Return(String voucherNo, String reason) {
    }

    /**
     * What the bank is told: the issue of the payout file it received, PAID or FAILED (with a reason); optionally the
     * file itself, the vouchers sent back and those whose treasury receipt never comes.
     */
    public record Outcome(String outcome, Integer issueNo, String reason, String file, List<Return> returns,
            List<String> withholdReceipts) {
    }

    static final String RECEIPTS_HEADER = "X-Treasury-Receipts";
    private static final Set<String> OUTCOMES = Set.of("PAID", "FAILED");

    private final HttpClient http;
    private final ObjectMapper json;
    private final String engineUrl;
    private final PayoutBankConfig config;
    private final AgentBank agentBank;

    public PayoutBankSimulator(Vertx vertx, ObjectMapper json, SimulatorConfig simulator, PayoutBankConfig config,
            AgentBank agentBank) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
        this.json = json;
        this.engineUrl = simulator.engineUrl();
        this.config = config;
        this.agentBank = agentBank;
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
        PayoutOrder order = PayoutOrder.of(outcome, date);
        PayoutBooking booking = order != null && "PAID".equals(outcome.outcome())
                ? agentBank.bookPayout(date, outcome.issueNo(), order.fingerprint(), order.debits())
                : null;
        ObjectNode body = json.createObjectNode()
                .put("businessDate", date.toString())
                .put("issueNo", outcome.issueNo())
                .put("outcome", outcome.outcome())
                .put("bankReference", "SIM" + date.toString().replace("-", "") + outcome.issueNo())
                .put("reason", outcome.reason());
        Uni<Sent> confirmation = send(secret, "/api/v1/settlements/" + date + "/payout-confirmation", body);
        return confirmation.chain(confirmed -> receipts(secret, date, order, booking).map(receipts -> {
            if (confirmed.status() == 0) {
                throw new SimProblem(502, "ENGINE_UNREACHABLE", "The engine did not answer the payout confirmation: "
                        + confirmed.body() + (receipts.isEmpty() ? "" : " (receipts: " + receipts + ")"));
            }
            Response.ResponseBuilder answer = Response.status(confirmed.status())
                    .type(confirmed.contentType())
                    .entity(confirmed.body());
            if (!receipts.isEmpty()) {
                answer.header(RECEIPTS_HEADER, receipts);
            }
            return answer.build();
        }));
    }

    /** Relays each receipted voucher's treasury receipt, one after the other; "voucherNo=status,…" ("" for none). */
    private Uni<String> receipts(String secret, LocalDate date, PayoutOrder order, PayoutBooking booking) {
        if (booking == null || order.receipted().isEmpty()) {
            return Uni.createFrom().item("");
        }
        return Multi.createFrom().iterable(order.receipted())
                .onItem().transformToUniAndConcatenate(v -> send(secret, "/api/v1/funds/treasury-receipts",
                                json.createObjectNode()
                                        .put("receiptNo", "HZ" + v.voucherNo())
                                        .put("voucherNo", v.voucherNo())
                                        .put("businessDate", date.toString())
                                        .put("treasuryCode", v.account())
                                        .put("amountFen", v.sumFen())
                                        .put("receivedOn", booking.toldOn().toString()))
                        .map(sent -> v.voucherNo() + "=" + sent.status()))
                .collect().asList()
                .map(statuses -> statuses.stream().collect(Collectors.joining(",")));
    }

    /** One signed POST to the engine: its status, content type and body; status 0 when it never answered. */
    private Uni<Sent> send(String secret, String path, ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(engineUrl + path)
                .putHeader("Content-Type", "application/json")
                .putHeader(PayoutSignature.HEADER, PayoutSignature.sign(secret, bytes))
                .setIdleTimeout(10_000);
        return http.request(request)
                .chain(sent -> sent.send(Buffer.buffer(bytes)))
                .chain(response -> response.body().map(answer -> new Sent(response.statusCode(),
                        response.getHeader("Content-Type"), answer.toString())))
                .onFailure().recoverWithItem(failure -> new Sent(0, null, String.valueOf(failure)));
    }

    private record Sent(int status, String contentType, String body) {
    }
}
