package io.govclear.counter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.govclear.channel.bank.Bank;
import io.govclear.channel.bank.BankKeys;
import io.govclear.channel.bank.BankSigning;
import io.govclear.common.JsonProblems;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Validation;
import io.govclear.counter.service.CounterService;
import io.govclear.security.BankRequest;
import io.govclear.security.BankSignatureMechanism;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;
import java.util.function.BiFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The bank counter API (ICBC, ABC). Bodies are read raw because the bank's signature covers their exact bytes;
 * answers are signed with our key for that bank. A bad signature, stale timestamp or replayed nonce is a 401
 * problem, a malformed body a 400 problem; business refusals are signed 200 answers with the protocol's code.
 */
@Path("/bank/v1/{bankCode}")
@RolesAllowed(Roles.BANK)
@HttpAuthenticationMechanism(BankSignatureMechanism.SCHEME)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bank counters", description = "Signed query, confirm and reverse by ICBC and ABC")
public class BankCounterResource {

    @Inject SecurityIdentity identity;
    @Inject CounterService counters;
    @Inject Validator validator;
    @Inject ObjectMapper json;
    @Inject Clock clock;

    @POST
    @Path("/query")
    @Operation(summary = "What a payment code owes today: amount due (late fee included), status, payer, items, payee")
    @RequestBody(content = @Content(schema = @Schema(implementation = QueryRequest.class)))
    public Uni<Response> query() {
        return handle(QueryRequest.class,
                (bank, request) -> counters.query(bank, request.paymentCode()).map(QueryAnswer::of));
    }

    @POST
    @Path("/confirm")
    @Operation(summary = "The bank took the money: book it (idempotent on bankSerialNo) → confirmation number")
    @RequestBody(content = @Content(schema = @Schema(implementation = ConfirmRequest.class)))
    public Uni<Response> confirm() {
        return handle(ConfirmRequest.class, (bank, request) -> {
            CounterService.Taken taken = new CounterService.Taken(request.paymentCode(), request.amountFen(),
                    request.bankSerialNo(), request.paidAt().toInstant());
            return counters.confirm(bank, taken).map(outcome -> ConfirmAnswer.of(outcome, request));
        });
    }

    @POST
    @Path("/reverse")
    @Operation(summary = "Reverse a confirmation the same business day, before the bank's day is reconciled")
    @RequestBody(content = @Content(schema = @Schema(implementation = ReverseRequest.class)))
    public Uni<Response> reverse() {
        return handle(ReverseRequest.class,
                (bank, request) -> counters.reverse(bank, request.paymentCode(), request.bankSerialNo())
                        .map(outcome -> ReverseAnswer.of(outcome.code(), request, outcome.confirmationNo())));
    }

    /** The bank of the path, whose signature verified ({@link BankSignatureMechanism}), asks; the answer is signed. */
    private <T> Uni<Response> handle(Class<T> type, BiFunction<Bank, T, Uni<?>> action) {
        BankRequest caller = Callers.bank(identity);
        BankKeys.Keys bank = caller.bank();
        String nonce = caller.nonce();
        T request = read(json.readerFor(type), caller.body());
        return counters.recordNonce(bank.bank(), nonce)
                .chain(fresh -> fresh ? action.apply(bank.bank(), request)
                        : Uni.createFrom().failure(new ProblemException(ProblemCode.REPLAYED_NONCE,
                                BankSigning.NONCE + " was used before")))
                .map(answer -> signed(bank, caller.path(), nonce, answer));
    }

    private <T> T read(ObjectReader reader, byte[] body) {
        T value = JsonProblems.readObject(reader, body);
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw Validation.toProblem(violations);
        }
        return value;
    }

    private Response signed(BankKeys.Keys bank, String path, String nonce, Object answer) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Response.ResponseBuilder response = Response.ok(bytes, MediaType.APPLICATION_JSON_TYPE);
        BankSigning.answerHeaders(bank.bank(), bank.privateKey(), path, nonce, clock.instant().getEpochSecond(), bytes)
                .forEach(response::header);
        return response.build();
    }
}
