package io.govclear.console.rest;

import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.common.Yuan;
import io.govclear.console.session.ConsoleForms;
import io.govclear.refund.RefundStatus;
import io.govclear.refund.repository.StoredRefund;
import io.govclear.refund.service.RefundService;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
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
import java.util.List;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Refund approvals in the console (/console/refunds): the refunds above the approval threshold waiting for a
 * supervisor, approved (then sent to the channel) or rejected, each with a reason, once; and the latest decided ones.
 * The rules are {@link RefundService}'s: a decided refund is refused a second decision, whoever tries.
 */
@Path("/console/refunds")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class RefundPages {

    /** Decided refunds shown under the queue. */
    static final int RECENT = 50;

    /** One refund as the page shows it. */
    public record Row(String refundId, String paymentCode, String amount, String channel, String reason,
            String status, String decidedBy, String createdAt) {

        static Row of(StoredRefund r) {
            return new Row(r.refundId(), r.paymentCode(), Yuan.format(r.amountFen()), r.channel().name(), r.reason(),
                    r.status().name(), r.decidedBy(), r.createdAt().toString());
        }
    }

    @Inject SecurityIdentity identity;
    @Inject RefundService refunds;
    @Inject ConsolePages pages;
    @Inject @Location("console/refunds.html") Template page;

    @GET
    public Uni<TemplateInstance> queue() {
        return view(null, null);
    }

    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Path("/{refundId}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> approve(@PathParam("refundId") String refundId, @RestForm String reason) {
        return done(() -> refunds.approve(refundId, Callers.staff(identity), reason(reason)),
                "退款 " + refundId + " 已批准，已提交渠道。");
    }

    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @POST
    @Path("/{refundId}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reject(@PathParam("refundId") String refundId, @RestForm String reason) {
        return done(() -> refunds.reject(refundId, Callers.staff(identity), reason(reason)),
                "退款 " + refundId + " 已驳回。");
    }

    private Uni<Response> done(Supplier<Uni<? extends StoredRefund>> action, String notice) {
        return ConsolePages.answer(() -> action.get().replaceWith(notice), shown -> view(shown, null),
                refused -> view(null, refused));
    }

    private Uni<TemplateInstance> view(String notice, ProblemException refused) {
        return refunds.list(RefundStatus.REQUESTED).chain(waiting -> refunds.list(null).map(all -> {
            List<Row> decided = all.stream().filter(r -> r.needsApproval() && r.status() != RefundStatus.REQUESTED)
                    .limit(RECENT).map(Row::of).toList();
            TemplateInstance p = page.data("waiting", waiting.stream().map(Row::of).toList())
                    .data("decided", decided)
                    .data("decider", has(Roles.SUPERVISOR) || has(Roles.ADMIN) ? true : null);
            return pages.page(p, identity, notice, refused);
        }));
    }

    private boolean has(String role) {
        return Callers.staff(identity).roles().contains(role);
    }

    private static String reason(String reason) {
        return RequiredText.of("reason", reason, 200);
    }
}
