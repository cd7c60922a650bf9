package io.govclear.ledger.rest;

import io.govclear.common.Clocks;
import io.govclear.common.ProblemException;
import io.govclear.ledger.LedgerService;
import io.govclear.ledger.TrialBalance;
import io.govclear.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The ledger for finance staff (HTTP Basic). */
@Path("/api/v1/ledger")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Finance", description = "Ledger, for finance staff (HTTP Basic)")
public class LedgerResource {

    @Inject LedgerService ledger;
    @Inject Clock clock;

    @GET
    @Path("/trial-balance")
    @Operation(summary = "Debits and credits per account up to a business date (default today); always balanced")
    public Uni<TrialBalance> trialBalance(@QueryParam("date") String date) {
        LocalDate asOf = parse(date);
        return ledger.trialBalance(asOf);
    }

    private LocalDate parse(String date) {
        if (date == null || date.isEmpty()) {
            return LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("date", "must be a date like 2026-12-08");
        }
    }
}
