package io.govclear.funds.rest;

import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import io.govclear.funds.FundsService;
import io.govclear.funds.FundsView;
import io.govclear.funds.statement.BankStatementFormat;
import io.govclear.security.Callers;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
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

    @Inject FundsService funds;
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
        String reload = null;
        if (reason != null && !reason.isEmpty()) {
            if (!Callers.staff(identity).roles().contains(Roles.SUPERVISOR)) {
                throw new ProblemException(io.govclear.common.ProblemCode.FORBIDDEN,
                        "Only a supervisor reloads a statement");
            }
            reload = RequiredText.of("reason", reason, 500);
        }
        return funds.load(file.uploadedFile(), chosen, Callers.staff(identity).username(), reload)
                .map(l -> Response.status(Response.Status.CREATED).entity(new LoadedView(
                        io.govclear.security.Masking.account(l.statement().account()), l.statement().bookingDate(), l.statement().format(),
                        l.statement().generation(), l.statement().openingFen(), l.statement().closingFen(),
                        l.statement().entryCount(), l.statement().creditFen(), l.statement().debitFen(),
                        l.counts().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                                e -> e.getKey().name(), Map.Entry::getValue)))).build());
    }

    @GET
    @Path("/{businessDate}")
    @Operation(summary = "A business date three ways: each channel's expected settlement against the bank's credit,"
            + " each payout voucher against its debit, and what nobody explains")
    public Uni<FundsView> view(@PathParam("businessDate") String businessDate) {
        return funds.view(QueryParams.businessDate(businessDate));
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
