package io.govclear.console.rest;

import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.console.session.ConsoleForms;
import io.govclear.security.Callers;
import io.govclear.security.Masking;
import io.govclear.security.Roles;
import io.govclear.settlement.SettlementReads;
import io.govclear.settlement.SettlementService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Settlement in the console (/console/settlements): a business date's batch by unit and item with its budget-level
 * splits, what it holds back and why, its payout vouchers and their file. A CLERK prepares it, a SUPERVISOR who did
 * not prepare it confirms (the service refuses the preparer, whatever the page shows), a SUPERVISOR re-issues a failed
 * payout. Every rule is {@link SettlementService}'s.
 */
@Path("/console/settlements")
@ConsoleForms
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class SettlementPages {

    @Inject SecurityIdentity identity;
    @Inject SettlementService settlements;
    @Inject SettlementReads reads;
    @Inject ConsolePages pages;
    @Inject Clock clock;
    @Inject @Location("console/settlement.html") Template page;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> day(@RestQuery String date) {
        return view(date(date), null, null);
    }

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Produces(MediaType.TEXT_HTML)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> prepare(@RestForm String date) {
        LocalDate day = date(date);
        return done(day, () -> settlements.build(day, who()).map(built -> built.created()
                ? "已编制 " + day + " 的结算批次，待另一位主管确认。" : day + " 的结算批次已存在。"));
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{date}/confirm")
    @Produces(MediaType.TEXT_HTML)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> confirm(@PathParam("date") String date) {
        LocalDate day = QueryParams.businessDate(date);
        return done(day, () -> settlements.confirm(day, Callers.staff(identity))
                .map(b -> "已确认 " + day + " 的结算并记账，缴款书可交付银行。"));
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/{date}/reissue")
    @Produces(MediaType.TEXT_HTML)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reissue(@PathParam("date") String date) {
        LocalDate day = QueryParams.businessDate(date);
        return done(day, () -> settlements.reissue(day, Callers.staff(identity))
                .map(b -> "已重新下发 " + day + " 的缴款书（第 " + b.issueNo() + " 次）。"));
    }

    /** The payout file of a confirmed batch, as the bank receives it (or ?format=csv for people). */
    @GET
    @Path("/{date}/payout-file")
    @Produces({ "text/plain", "text/csv" })
    public Uni<Response> payoutFile(@PathParam("date") String date, @RestQuery String format) {
        LocalDate day = QueryParams.businessDate(date);
        boolean csv = "csv".equals(format);
        return settlements.find(day).chain(b -> reads.payoutFile(b, csv))
                .map(text -> Response.ok(text.getBytes(StandardCharsets.UTF_8))
                        .type(csv ? "text/csv; charset=UTF-8" : "text/plain; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"settlement-" + day
                                + (csv ? ".csv" : ".txt") + "\"").build());
    }

    private Uni<Response> done(LocalDate day, Supplier<Uni<? extends String>> action) {
        return ConsolePages.answer(action, notice -> view(day, notice, null), refused -> view(day, null, refused));
    }

    private Uni<TemplateInstance> view(LocalDate day, String notice, ProblemException refused) {
        return settlements.ofDay(day)
                .chain(batch -> batch.isEmpty() ? Uni.createFrom().item(page.data("batch", null))
                        : reads.view(batch.get()).chain(v -> reads.vouchers(batch.get())
                                // the bank gets the full accounts (the file); people see them masked
                                .map(vouchers -> page.data("batch", v).data("vouchers", vouchers.stream()
                                        .map(x -> new SettlementReads.Voucher(x.number(), x.destination(),
                                                Masking.account(x.account()), x.level(), x.sumFen()))
                                        .toList()))))
                .map(p -> {
                    p = p.data("day", day).data("previousDay", day.minusDays(1)).data("nextDay", day.plusDays(1))
                            .data("preparer", has(Roles.CLERK) || has(Roles.SUPERVISOR) || has(Roles.ADMIN) ? true
                                    : null)
                            .data("confirmer", has(Roles.SUPERVISOR) ? true : null).data("me", who());
                    return pages.page(p, identity, notice, refused);
                });
    }

    private LocalDate date(String date) {
        return ConsolePages.dayOrYesterday(date, clock);
    }

    private boolean has(String role) {
        return Callers.staff(identity).roles().contains(role);
    }

    private String who() {
        return Callers.staff(identity).username();
    }
}
