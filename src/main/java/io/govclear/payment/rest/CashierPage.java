package io.govclear.payment.rest;

import jakarta.annotation.security.PermitAll;
import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.Channel;
import io.govclear.common.Yuan;
import io.govclear.order.rest.OrderViews;
import io.govclear.order.service.OrderService;
import io.govclear.payment.routing.ChannelRouter;
import io.govclear.payment.service.PaymentService;
import io.govclear.receipt.ReceiptService;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The payer's cashier (收银台): the bill, its late fee and total, one button per channel it can take now,
 * cheapest first; then the result page. */
@Path("/pay")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class CashierPage {

    @Inject OrderService orders;
    @Inject OrderViews views;
    @Inject PaymentService payments;
    @Inject CatalogService catalog;
    @Inject ChannelRouter router;
    @Inject ReceiptService receipts;
    @Inject Template cashier;
    @Inject Template result;

    /** One line of the bill, amounts in yuan. */
    public record LineView(String name, String amount) {
    }

    /** A channel button. */
    public record ChannelButton(String code, String label) {
    }

    @GET
    @Path("/{paymentCode}")
    @Operation(summary = "The cashier page of a bill (HTML)")
    public Uni<TemplateInstance> page(@PathParam("paymentCode") String paymentCode) {
        return orders.findPublic(paymentCode)
                .map(order -> {
                    var bill = views.bill(order, orders.today());
                    Catalog.Unit unit = catalog.current().unit(order.unitId());
                    List<ChannelButton> buttons = router.offers(unit).stream()
                            .map(c -> new ChannelButton(c.name(), label(c)))
                            .toList();
                    return cashier.data("bill", bill)
                            .data("principal", Yuan.format(bill.principalFen()))
                            .data("lateFee", Yuan.format(bill.lateFeeFen()))
                            .data("total", Yuan.format(bill.totalDueFen()))
                            .data("lines", bill.lines().stream()
                                    .map(l -> new LineView(l.itemName(), Yuan.format(l.amountFen()))).toList())
                            .data("channels", buttons);
                });
    }

    @GET
    @Path("/result/{paymentId}")
    @Operation(summary = "The result page a channel returns the payer to; it follows the payment's status")
    public Uni<TemplateInstance> result(@PathParam("paymentId") String paymentId) {
        return payments.attempt(paymentId)
                .chain(a -> receipts.forAttempt(a.id())
                        .map(receipt -> result.data("payment", PaymentResponse.of(a))
                                .data("amount", Yuan.format(a.amountFen()))
                                .data("receipt", receipt.orElse(null))));
    }

    private static String label(Channel c) {
        return switch (c) {
            case ALIPAY -> "支付宝 Alipay";
            case WECHAT_PAY -> "微信支付 WeChat Pay";
            case UNIONPAY -> "银联 UnionPay";
            default -> c.name();
        };
    }
}
