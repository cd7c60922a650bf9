package io.govclear.payment.rest;

import jakarta.annotation.security.PermitAll;
import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.Yuan;
import io.govclear.order.rest.OrderViews;
import io.govclear.order.service.OrderService;
import io.govclear.payment.routing.ChannelRouter;
import io.govclear.payment.routing.MaintenanceWindow;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The payer's cashier (收银台): the bill, its late fee and total, one button per channel it can take now,
 * cheapest first, and the maintenance of its channels announced a day ahead; then the result page. */
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
    @Inject Clock clock;
    @Inject Template cashier;
    @Inject Template result;

    /** One line of the bill, amounts in yuan. */
    public record LineView(String name, String amount) {
    }

    /** A channel button. */
    public record ChannelButton(String code, String label) {
    }

    /** How far ahead the page announces a channel's maintenance window. */
    static final Duration ANNOUNCED_AHEAD = Duration.ofHours(24);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

    /** A channel's maintenance window as the payer is told it, e.g. "银联 UnionPay 23:30–00:30 维护". */
    public record MaintenanceNotice(String code, String text) {
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
                    Instant now = clock.instant();
                    List<MaintenanceNotice> notices = router.announced(unit, ANNOUNCED_AHEAD).stream()
                            .map(w -> new MaintenanceNotice(w.channel().name(), notice(w, now)))
                            .toList();
                    return cashier.data("bill", bill)
                            .data("principal", Yuan.format(bill.principalFen()))
                            .data("lateFee", Yuan.format(bill.lateFeeFen()))
                            .data("total", Yuan.format(bill.totalDueFen()))
                            .data("lines", bill.lines().stream()
                                    .map(l -> new LineView(l.itemName(), Yuan.format(l.amountFen()))).toList())
                            .data("channels", buttons)
                            .data("notices", notices);
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

    /** "银联 UnionPay 23:30–00:30 维护" in business time, with the day when it is not today, and the note. */
    static String notice(MaintenanceWindow w, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        LocalDateTime start = LocalDateTime.ofInstant(w.startsAt(), Clocks.BUSINESS_ZONE);
        LocalDateTime end = LocalDateTime.ofInstant(w.endsAt(), Clocks.BUSINESS_ZONE);
        // an end within a day of the start is read as the next such hour, as in "23:30–00:30"
        String until = Duration.between(w.startsAt(), w.endsAt()).compareTo(Duration.ofDays(1)) < 0 ? TIME.format(end)
                : DAY.format(end) + " " + TIME.format(end);
        String text = label(w.channel()) + " " + day(start.toLocalDate(), today) + TIME.format(start) + "–" + until
                + (w.covers(now) ? " 维护中" : " 维护");
        return w.note() == null ? text : text + "：" + w.note();
    }

    private static String day(LocalDate date, LocalDate today) {
        if (date.equals(today)) {
            return "";
        }
        if (date.equals(today.plusDays(1))) {
            return "明天 ";
        }
        return date.equals(today.minusDays(1)) ? "昨天 " : DAY.format(date) + " ";
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
