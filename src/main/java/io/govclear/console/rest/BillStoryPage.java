package io.govclear.console.rest;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Yuan;
import io.govclear.console.session.ConsoleForms;
import io.govclear.console.timeline.BillStoryRepository;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.service.Bills;
import io.govclear.order.service.PayerReveal;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.StaffUser;
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
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A bill's whole story on one page: what it is (payer masked), and one timeline of everything that happened to it,
 * from issue to settlement, machines' and people's actions alike (the view bill_event). A UNIT_OFFICER opens only
 * their units' bills; any other is "not found", the same as a code that does not exist.
 */
@Path("/console/bills/{paymentCode}")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
public class BillStoryPage {

    private static final Pattern CODE = Pattern.compile("[0-9]{20}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(Clocks.BUSINESS_ZONE);
    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("ISSUED", "开单"),
            Map.entry("STATUS", "状态变更"), Map.entry("CHECKOUT", "发起支付"), Map.entry("ATTEMPT", "支付状态"),
            Map.entry("NOTIFY", "渠道通知"), Map.entry("LEDGER", "记账"), Map.entry("REFUND", "退款申请"),
            Map.entry("REFUND_STATUS", "退款状态"), Map.entry("RECEIPT", "电子票据"), Map.entry("WEBHOOK", "通知单位"),
            Map.entry("WEBHOOK_DELIVERY", "通知投递"), Map.entry("RECONCILIATION", "对账"),
            Map.entry("SETTLEMENT", "清算"), Map.entry("CHANNEL_CALL", "渠道查询"), Map.entry("AUDIT", "操作记录"));

    /** A timeline row as shown. */
    public record Line(String time, String kind, String label, String actor, String detail) {
    }

    /** A charge line as shown. */
    public record ChargeLine(int no, String item, String amount) {
    }

    @Inject SecurityIdentity identity;
    @Inject Bills bills;
    @Inject BillStoryRepository story;
    @Inject CatalogService catalog;
    @Inject ConsolePages pages;
    @Inject PayerReveal reveals;
    @Inject @Location("console/bill.html") Template page;

    @GET
    public Uni<TemplateInstance> show(@PathParam("paymentCode") String paymentCode) {
        StaffUser user = Callers.staff(identity);
        Catalog current = catalog.current();
        if (!CODE.matcher(paymentCode).matches()) {
            throw notFound(paymentCode);
        }
        return bills.byCode(paymentCode)
                .map(found -> found.filter(b -> current.unit(b.unitId()) != null
                        && user.sees(current.unit(b.unitId()).code())).orElseThrow(() -> notFound(paymentCode)))
                .chain(bill -> story.of(bill.id()).map(events -> view(bill, current, events)));
    }

    /** A SUPERVISOR or AUDITOR sees one payer field in clear, for the reason they type; the reveal is audited. */
    @POST
    @Path("/reveal")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.AUDITOR })
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reveal(@PathParam("paymentCode") String paymentCode, @RestForm String field,
            @RestForm String reason) {
        PayerReveal.Field which;
        try {
            which = PayerReveal.Field.valueOf(field == null ? "" : field);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("field", "must be ID_NUMBER or PHONE");
        }
        return Uni.createFrom().deferred(() -> reveals.reveal(paymentCode, which, Callers.staff(identity), reason))
                .chain(value -> show(paymentCode).map(page -> Response.ok(page.data("revealed", value)
                        .data("revealedField", which == PayerReveal.Field.ID_NUMBER ? "证件号" : "手机")).build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> show(paymentCode).map(page -> Response
                        .status(((ProblemException) e).status()).entity(page.data("message", e.getMessage())).build()));
    }

    private TemplateInstance view(StoredOrder bill, Catalog current, List<BillStoryRepository.Event> events) {
        return pages.page(page.data("bill", bill).data("unit", current.unit(bill.unitId()))
                .data("amount", Yuan.format(bill.principalFen()))
                .data("lines", bill.lines().stream().map(l -> {
                    Catalog.Item item = current.item(l.itemId());
                    return new ChargeLine(l.lineNo(), item == null ? Long.toString(l.itemId())
                            : item.code() + " " + item.name(), Yuan.format(l.amountFen()));
                }).toList())
                .data("events", events.stream().map(e -> new Line(TIME.format(e.at()), e.kind(),
                        LABELS.getOrDefault(e.kind(), e.kind()), e.actor(), e.detail())).toList())
                .data("mayReveal", identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.AUDITOR)), identity);
    }

    private static ProblemException notFound(String paymentCode) {
        return new ProblemException(ProblemCode.ORDER_NOT_FOUND, "No bill " + paymentCode);
    }
}
