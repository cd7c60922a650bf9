package io.govclear.console.rest;

import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import io.govclear.common.Yuan;
import io.govclear.console.session.ConsoleForms;
import io.govclear.funds.DecisionRepository;
import io.govclear.funds.FundsDecisions;
import io.govclear.funds.FundsIntegrity;
import io.govclear.funds.FundsService;
import io.govclear.funds.TreasuryReceipts;
import io.govclear.funds.statement.BankStatementFormat;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateExtension;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Funds in the console (/console/funds): a business date three ways (each channel's settlement against the bank's
 * credit, each payout voucher against its debit, the credits nobody explains), its three-way check, the claims and
 * returns waiting for a supervisor, and the day's treasury vouchers with their receipts (缴库回执; every overdue one, of
 * any day, is at GET /api/v1/funds/treasury-receipts?overdue=true). A CLERK or SUPERVISOR fetches the bank's
 * statement and proposes what an unknown credit is; a SUPERVISOR who did not propose it decides. Every rule is
 * {@link FundsDecisions}'s and {@link FundsService}'s: the page shows the forms a role may use and what was refused.
 */
@Path("/console/funds")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class FundsPages {

    @Inject SecurityIdentity identity;
    @Inject FundsService funds;
    @Inject FundsIntegrity integrity;
    @Inject FundsDecisions decisions;
    @Inject DecisionRepository decided;
    @Inject TreasuryReceipts receipts;
    @Inject ConsolePages pages;
    @Inject Clock clock;
    @Inject @Location("console/funds.html") Template page;

    /** Amounts in the funds page: yuan with two decimals, or a dash for none. */
    @TemplateExtension(namespace = "fen")
    static String yuan(Long fen) {
        return fen == null ? "—" : Yuan.format(fen);
    }

    @GET
    public Uni<TemplateInstance> day(@RestQuery String date) {
        return view(date(date), null, null);
    }

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR })
    @POST
    @Path("/statements")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> fetch(@RestForm String date, @RestForm String bookingDate) {
        LocalDate day = date(date);
        return done(day, () -> funds.fetch(QueryParams.businessDate(bookingDate),
                        BankStatementFormat.CAMT053, who(), null)
                .map(l -> "已取得并入账 " + l.statement().bookingDate() + " 的银行对账单（" + l.statement().entryCount()
                        + " 笔）。"));
    }

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR })
    @POST
    @Path("/unknown-credits/{bankReference}/claim")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> claim(@PathParam("bankReference") String bankReference, @RestForm String date,
            @RestForm String paymentCode, @RestForm String reason) {
        return done(date(date), () -> decisions.proposeClaim(bankReference,
                        RequiredText.of("paymentCode", paymentCode, 20), who(), reason(reason))
                .map(d -> "已申请将未明款项 " + bankReference + " 认领到缴款单 " + d.paymentCode() + "（申请 " + d.id()
                        + "），待另一位主管审批。"));
    }

    @RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR })
    @POST
    @Path("/unknown-credits/{bankReference}/return")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> sendBack(@PathParam("bankReference") String bankReference, @RestForm String date,
            @RestForm String reason) {
        return done(date(date), () -> decisions.proposeReturn(bankReference, who(), reason(reason))
                .map(d -> "已申请退回未明款项 " + bankReference + "（申请 " + d.id() + "），待另一位主管审批。"));
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/decisions/{id}/{decision:approve|reject}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> decide(@PathParam("id") String id, @PathParam("decision") String decision,
            @RestForm String date, @RestForm String reason) {
        boolean approve = "approve".equals(decision);
        return done(date(date), () -> decisions.decide(id, approve, who(), reason(reason))
                .map(d -> "申请 " + d.id() + (approve ? " 已批准" + ("CLAIM".equals(d.kind())
                        ? "：缴款单 " + d.paymentCode() + " 已按转账缴款入账。" : "：款项将退回付款人。") : " 已驳回。")));
    }

    private Uni<Response> done(LocalDate day, Supplier<Uni<? extends String>> action) {
        return ConsolePages.answer(action, notice -> view(day, notice, null), refused -> view(day, null, refused));
    }

    private Uni<TemplateInstance> view(LocalDate day, String notice, ProblemException refused) {
        return funds.view(day).chain(v -> integrity.check(day).chain(check -> decided.list("PENDING", 100)
                .chain(pending -> receipts.vouchers(day).map(treasury -> {
                    TemplateInstance p = page.data("day", day).data("previousDay", day.minusDays(1))
                            .data("nextDay", day.plusDays(1)).data("v", v).data("check", check)
                            .data("pending", pending).data("treasury", treasury)
                            .data("proposer", has(Roles.CLERK) || has(Roles.SUPERVISOR) ? true : null)
                            .data("decider", has(Roles.SUPERVISOR) ? true : null).data("me", who());
                    return pages.page(p, identity, notice, refused);
                }))));
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

    private static String reason(String reason) {
        return RequiredText.of("reason", reason, 500);
    }
}
