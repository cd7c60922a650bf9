package io.govclear.funds.rest;

import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import io.govclear.funds.DecisionRepository;
import io.govclear.funds.FundsDecisions;
import io.govclear.funds.FundsIntegrity;
import io.govclear.funds.FundsService;
import io.govclear.funds.FundsView;
import io.govclear.funds.TreasuryReceipts;
import io.govclear.funds.statement.BankStatementFormat;
import io.govclear.security.Callers;
import io.govclear.security.Masking;
import io.govclear.security.PayoutSignatureMechanism;
import io.govclear.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Funds reconciliation (README "Funds"): the agent bank's statements of the collection account are loaded once per
 * booking date (a SUPERVISOR reloads one with a reason), and a business date's money is shown three ways.
 */
@Path("/api/v1/funds")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Funds", description = "The bank account's statements against the channels and the payouts")
public class FundsResource {

    /** A load's answer: the statement as stored and how many entries of each kind it booked. */
    public record LoadedView(String account, LocalDate bookingDate, String format, int generation, long openingFen,
            long closingFen, int entryCount, long creditFen, long debitFen, Map<String, Long> kinds) {
    }

    /** Which statement to fetch from the agent bank; a reload with a SUPERVISOR's reason. */
    public record Fetch(String bookingDate, String format, String reason) {
    }

    /** A proposal to claim an unknown credit to a bill ({@code paymentCode}) or to return it; always reasoned. */
    public record Proposal(String paymentCode, String reason) {
    }

    /** A supervisor's approval or rejection, reasoned. */
    public record Decide(String reason) {
    }

    @Inject FundsService funds;
    @Inject FundsIntegrity integrity;
    @Inject FundsDecisions decisions;
    @Inject DecisionRepository decided;
    @Inject TreasuryReceipts receipts;
    @Inject SecurityIdentity identity;

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR })
    @POST
    @Path("/statements")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Load a bank statement of the collection account: file (camt.053 XML or the CSV account"
            + " detail; format CAMT053 or CSV, else told by the file name); a reload needs a SUPERVISOR and a reason")
    public Uni<Response> load(@RestForm("file") FileUpload file, @RestForm String format, @RestForm String reason) {
        if (file == null) {
            throw ProblemException.invalid("file", "attach the statement as the form field file");
        }
        BankStatementFormat chosen = format == null || format.isEmpty() ? byName(file.fileName())
                : QueryParams.oneOf("format", format, BankStatementFormat.class);
        return funds.load(file.uploadedFile(), chosen, Callers.staff(identity).username(), reloadReason(reason))
                .map(FundsResource::created);
    }

    /** Null for a first load; a reload's reason, given only by a SUPERVISOR. */
    private String reloadReason(String reason) {
        if (reason == null || reason.isEmpty()) {
            return null;
        }
        if (!Callers.staff(identity).roles().contains(Roles.SUPERVISOR)) {
            throw new ProblemException(ProblemCode.FORBIDDEN, "Only a supervisor reloads a statement");
        }
        return RequiredText.of("reason", reason, 500);
    }

    private static Response created(FundsService.Loaded l) {
        var s = l.statement();
        return Response.status(Response.Status.CREATED).entity(new LoadedView(Masking.account(s.account()),
                s.bookingDate(), s.format(), s.generation(), s.openingFen(), s.closingFen(), s.entryCount(),
                s.creditFen(), s.debitFen(), l.counts().entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue)))).build();
    }

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR })
    @POST
    @Path("/statements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fetch the collection account's statement of bookingDate from the agent bank and load it"
            + " (format CAMT053, the default, or CSV); a reload needs a SUPERVISOR and a reason")
    public Uni<Response> fetch(Fetch body) {
        Fetch f = required(body);
        BankStatementFormat chosen = f.format() == null ? BankStatementFormat.CAMT053
                : QueryParams.oneOf("format", f.format(), BankStatementFormat.class);
        if (f.bookingDate() == null) {
            throw ProblemException.invalid("bookingDate", "is required");
        }
        return funds.fetch(QueryParams.businessDate(f.bookingDate()), chosen, Callers.staff(identity).username(),
                reloadReason(f.reason())).map(FundsResource::created);
    }

    @GET
    @Path("/{businessDate}")
    @Operation(summary = "A business date three ways: each channel's expected settlement against the bank's credit,"
            + " each payout voucher against its debit, and what nobody explains")
    public Uni<FundsView> view(@PathParam("businessDate") String businessDate) {
        return funds.view(QueryParams.businessDate(businessDate));
    }

    @GET
    @Path("/{businessDate}/integrity")
    @Operation(summary = "The three-way check of a business date: transactions = channel statements = bank credits,"
            + " settlement net = payout vouchers = bank debits, collection account = bank balance, trial balance zero")
    public Uni<FundsIntegrity.Report> integrity(@PathParam("businessDate") String businessDate) {
        return integrity.check(QueryParams.businessDate(businessDate));
    }

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR })
    @POST
    @Path("/unknown-credits/{bankReference}/claim")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose that a credit nobody explains pays a bill (paymentCode, reason); another supervisor"
            + " approves it")
    public Uni<Response> claim(@PathParam("bankReference") String bankReference, Proposal body) {
        Proposal p = required(body);
        String code = RequiredText.of("paymentCode", p.paymentCode(), 20);
        return decisions.proposeClaim(reference(bankReference), code, Callers.staff(identity).username(),
                        RequiredText.of("reason", p.reason(), 500))
                .map(d -> Response.status(Response.Status.CREATED).entity(d).build());
    }

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR })
    @POST
    @Path("/unknown-credits/{bankReference}/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose that a credit nobody explains goes back to its payer (reason); another supervisor"
            + " approves it")
    public Uni<Response> sendBack(@PathParam("bankReference") String bankReference, Proposal body) {
        Proposal p = required(body);
        if (p.paymentCode() != null) {
            throw ProblemException.invalid("paymentCode", "a return pays no bill");
        }
        return decisions.proposeReturn(reference(bankReference), Callers.staff(identity).username(),
                        RequiredText.of("reason", p.reason(), 500))
                .map(d -> Response.status(Response.Status.CREATED).entity(d).build());
    }

    @GET
    @Path("/decisions")
    @Operation(summary = "Claims and returns of unknown credits, newest first; ?status=PENDING|APPROVED|REJECTED")
    public Uni<List<DecisionRepository.Decision>> decisions(@QueryParam("status") String status) {
        if (status != null && !List.of("PENDING", "APPROVED", "REJECTED").contains(status)) {
            throw ProblemException.invalid("status", "must be PENDING, APPROVED or REJECTED");
        }
        return decided.list(status, 500);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/decisions/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor other than the proposer approves: the claim pays the bill, or the return is"
            + " booked to be sent back")
    public Uni<DecisionRepository.Decision> approve(@PathParam("id") String id, Decide body) {
        return decide(id, body, true);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/decisions/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor other than the proposer rejects; the credit stays in suspense")
    public Uni<DecisionRepository.Decision> reject(@PathParam("id") String id, Decide body) {
        return decide(id, body, false);
    }

    @POST
    @Path("/treasury-receipts")
    @RolesAllowed(Roles.PAYOUT_BANK)
    @HttpAuthenticationMechanism(PayoutSignatureMechanism.SCHEME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The treasury's receipt (缴库回执) of a payout voucher, relayed signed by the payout bank"
            + " (X-Payout-Signature)")
    public Uni<TreasuryReceipts.VoucherReceipt> receipt() {
        return receipts.accept(Callers.payoutBody(identity));
    }

    @GET
    @Path("/treasury-receipts")
    @Operation(summary = "The treasury vouchers of a paid-out settlement (?businessDate=) with their receipts, or"
            + " with ?overdue=true every voucher whose receipt is overdue")
    public Uni<List<TreasuryReceipts.VoucherReceipt>> receipts(@QueryParam("businessDate") String businessDate,
            @QueryParam("overdue") String overdue) {
        if ("true".equals(overdue) && businessDate == null) {
            return receipts.overdue();
        }
        if (overdue != null || businessDate == null) {
            throw ProblemException.invalid("businessDate", "name a business date, or ask for overdue=true alone");
        }
        return receipts.vouchers(QueryParams.businessDate(businessDate));
    }

    private Uni<DecisionRepository.Decision> decide(String id, Decide body, boolean approve) {
        return decisions.decide(id, approve, Callers.staff(identity).username(),
                RequiredText.of("reason", required(body).reason(), 500));
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_REQUIRED, "Send a JSON body with a reason");
        }
        return body;
    }

    private static String reference(String bankReference) {
        return RequiredText.of("bankReference", bankReference, 35);
    }

    private static BankStatementFormat byName(String filename) {
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        if (name.endsWith(".xml")) {
            return BankStatementFormat.CAMT053;
        }
        if (name.endsWith(".csv")) {
            return BankStatementFormat.CSV;
        }
        throw ProblemException.invalid("format", "must be CAMT053 or CSV (or name the file .xml or .csv)");
    }
}
