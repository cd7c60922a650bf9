package io.govclear.simulator.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.StatementFault;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The simulated banks over HTTP: the teller's control API, and the bank's own API that the engine's adapter calls
 * (confirmation query, refund, refund query, day-end file), signed both ways.
 */
@Path("/sim/bank/{bankCode}")
public class BankSimulatorResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BankSimulator simulator;

    BankSimulatorResource(BankSimulator simulator) {
        this.simulator = simulator;
    }

    /** Control: a teller takes a payment for a payment code (query, then confirm the amount due). */
    @POST
    @Path("counter-payments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<CounterOutcome> counterPayment(@PathParam("bankCode") String bankCode, CounterRequest request) {
        return simulator.counterPayment(bankCode, request);
    }

    /** Control: the day-end file of a date differs (OMIT_TRADE, ALTER_AMOUNT, ADD_CHANNEL_ONLY). */
    @POST
    @Path("statement-faults")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public StatementFault statementFault(@PathParam("bankCode") String bankCode, StatementFault fault) {
        return simulator.addStatementFault(bankCode, fault);
    }

    /** Control: the teller reverses a payment the same day. */
    @POST
    @Path("counter-payments/{bankSerialNo}/reverse")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<JsonNode> reverse(@PathParam("bankCode") String bankCode,
            @PathParam("bankSerialNo") String bankSerialNo) {
        return simulator.reverse(bankCode, bankSerialNo);
    }

    /** Bank API: the state of one confirmation (signed). */
    @POST
    @Path("confirmations/query")
    public Response confirmation(@PathParam("bankCode") String bankCode, byte[] body,
            @Context HttpServerRequest http) {
        return signed(bankCode, body, http, simulator::confirmation);
    }

    /** Bank API: refund (part of) a confirmed payment (signed). */
    @POST
    @Path("refunds")
    public Response refund(@PathParam("bankCode") String bankCode, byte[] body, @Context HttpServerRequest http) {
        return signed(bankCode, body, http, simulator::refund);
    }

    /** Bank API: a refund's state (signed). */
    @POST
    @Path("refunds/query")
    public Response refundQuery(@PathParam("bankCode") String bankCode, byte[] body,
            @Context HttpServerRequest http) {
        return signed(bankCode, body, http, simulator::refundQuery);
    }

    /**
     * The day-end file. A signed request (the engine's adapter) gets a signed answer; an unsigned one (a person with
     * curl) gets the file as it is.
     */
    @GET
    @Path("statements/{businessDate}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response statement(@PathParam("bankCode") String bankCode, @PathParam("businessDate") String businessDate,
            @Context HttpServerRequest http) {
        LocalDate date;
        try {
            date = LocalDate.parse(businessDate);
        } catch (DateTimeParseException e) {
            throw SimProblem.invalid("businessDate", "must be a date like 2026-12-08");
        }
        Map<String, String> headers = headers(http);
        boolean signedRequest = headers.containsKey(BankKeys.SIGNATURE);
        if (signedRequest) {
            simulator.verifyEngine(bankCode, "GET", http.path(), new byte[0], headers);
        }
        byte[] file = simulator.statement(bankCode, date);
        Response.ResponseBuilder response = Response.ok(file, "text/plain;charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + bankCode + "-" + date + ".txt\"");
        if (signedRequest) {
            simulator.signAnswer(bankCode, http.path(), headers.get(BankKeys.NONCE), file)
                    .forEach(response::header);
        }
        return response.build();
    }

    private Response signed(String bankCode, byte[] body, HttpServerRequest http,
            BiFunction<String, JsonNode, JsonNode> handler) {
        byte[] payload = body == null ? new byte[0] : body;
        Map<String, String> headers = headers(http);
        simulator.verifyEngine(bankCode, "POST", http.path(), payload, headers);
        JsonNode request;
        try {
            request = JSON.readTree(payload);
        } catch (IOException e) {
            throw SimProblem.badRequest("MALFORMED_JSON", "The request body is not JSON");
        }
        if (request == null || !request.isObject()) {
            throw SimProblem.badRequest("MALFORMED_JSON", "The request body must be a JSON object");
        }
        byte[] answer = handler.apply(bankCode, request).toString().getBytes(StandardCharsets.UTF_8);
        Response.ResponseBuilder response = Response.ok(answer, MediaType.APPLICATION_JSON_TYPE);
        simulator.signAnswer(bankCode, http.path(), headers.get(BankKeys.NONCE), answer).forEach(response::header);
        return response.build();
    }

    private static Map<String, String> headers(HttpServerRequest http) {
        return BankKeys.headersOf(http::getHeader);
    }
}
