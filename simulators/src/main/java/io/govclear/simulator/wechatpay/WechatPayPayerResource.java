package io.govclear.simulator.wechatpay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.Yuan;
import io.govclear.simulator.PayRequest;
import io.govclear.simulator.RefundFaultRequest;
import io.govclear.simulator.StatementFault;
import io.govclear.simulator.wechatpay.SimViews.Transaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The WeChat Pay simulator's payer side and control: the payer page that a trade's code_url opens, the control call
 * that pays a trade with a chosen outcome and notify fault, and the day's statement file.
 * <p>
 * Return URL: the Native API has none, so the page returns the payer to the {@code return_url} query parameter of the
 * page, or else to {@code return_url} inside the trade's attach JSON ({@code {"return_url": "https://…"}}, which
 * the GovClear adapter sends when it fits attach's 128 characters); with neither, the page shows the result.
 */
@Path("/sim/wechat-pay")
@Tag(name = "Simulator: WeChat Pay", description = "WeChat Pay API v3 as the simulator plays it")
public class WechatPayPayerResource {

    @CheckedTemplate(basePath = "wechat-pay-simulator")
    static class Templates {
        static native TemplateInstance payer(PayerPage page);
    }

    /** What the payer page shows; {@code found} is false for an unknown trade. */
    public record PayerPage(boolean found, String outTradeNo, String description, String amountYuan, String state,
            boolean payable, String returnUrl, String message) {
    }

    private final WechatPaySimulator simulator;
    private final ObjectMapper json;

    public WechatPayPayerResource(WechatPaySimulator simulator, ObjectMapper json) {
        this.simulator = simulator;
        this.json = json;
    }

    @POST
    @Path("/orders/{paymentId}/pay")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The payer pays: outcome SUCCESS or FAIL, notify NORMAL, DROP, DUPLICATE, DELAY or TAMPER; "
            + "answers the trade as the query API would")
    public Transaction pay(@PathParam("paymentId") String paymentId, String body) throws JsonProcessingException {
        // the body is optional, so a bare POST (no content type either) is SUCCESS with a NORMAL notify
        PayRequest request = body == null || body.isBlank() ? null : json.readValue(body, PayRequest.class);
        return Transaction.of(simulator.pay(paymentId, request));
    }

    @POST
    @Path("/orders/{paymentId}/refund-fault")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The next refund call on the trade fails: ANSWER_LOST (500 after refunding), BUSY (500,"
            + " nothing done) or REFUSED (403 NOT_ENOUGH)")
    public Response refundFault(@PathParam("paymentId") String paymentId, RefundFaultRequest request) {
        if (request == null || request.fault() == null) {
            throw SimProblem.invalid("fault", "must be ANSWER_LOST, BUSY or REFUSED");
        }
        simulator.refundFault(paymentId, request.fault());
        return Response.noContent().build();
    }

    @POST
    @Path("/statement-faults")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a day's trade bill differ from the truth: OMIT_TRADE, ALTER_AMOUNT, ADD_CHANNEL_ONLY "
            + "or CROSS_MIDNIGHT (see StatementFault)")
    public StatementFault statementFault(StatementFault fault) {
        return simulator.addStatementFault(fault);
    }

    @GET
    @Path("/statements/{businessDate}")
    @Produces("text/csv;charset=utf-8")
    @Operation(summary = "The day's trade bill, the same bytes as the tradebill download")
    public byte[] statement(@PathParam("businessDate") LocalDate businessDate) {
        return simulator.bill(businessDate)
                .orElseThrow(() -> SimProblem.notFound("NO_STATEMENT_EXIST",
                        "Nothing was paid or refunded through the WeChat Pay simulator on " + businessDate));
    }

    @GET
    @Path("/pay/{outTradeNo}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The payer page that code_url opens: Pay or Cancel")
    public Response payerPage(@PathParam("outTradeNo") String outTradeNo,
            @QueryParam("return_url") String returnUrl) {
        return simulator.trade(outTradeNo)
                .map(trade -> page(200, trade, returnUrl(trade, returnUrl), null))
                .orElseGet(this::unknownTrade);
    }

    @POST
    @Path("/pay/{outTradeNo}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The payer presses Pay (SUCCESS, NORMAL notify) or Cancel (the trade stays unpaid)")
    public Response payerAction(@PathParam("outTradeNo") String outTradeNo, @FormParam("action") String action,
            @FormParam("return_url") String returnUrl) {
        SimTrade trade = simulator.trade(outTradeNo).orElse(null);
        if (trade == null) {
            return unknownTrade();
        }
        String back = returnUrl(trade, returnUrl);
        if (!"pay".equals(action)) {
            return back != null ? Response.seeOther(URI.create(back)).build()
                    : page(200, trade, null, "已取消，订单仍未支付 · Cancelled: the trade stays unpaid");
        }
        try {
            SimTrade paid = simulator.pay(outTradeNo, null);
            return back != null ? Response.seeOther(URI.create(back)).build()
                    : page(200, paid, null, "支付成功 · Paid");
        } catch (SimProblem e) {
            return page(409, trade, null, e.getMessage());
        }
    }

    private Response page(int status, SimTrade trade, String returnUrl, String message) {
        PayerPage page = new PayerPage(true, trade.outTradeNo(), trade.description(), Yuan.format(trade.totalFen()),
                trade.state().name() + " " + trade.state().description(), trade.state() == TradeState.NOTPAY,
                returnUrl, message);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.payer(page).render()).build();
    }

    private Response unknownTrade() {
        PayerPage page = new PayerPage(false, null, null, null, null, false, null, "订单不存在 · No such trade");
        return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.payer(page).render()).build();
    }

    /** The given return URL, else the one in the trade's attach JSON; only http(s) URLs are followed. */
    private String returnUrl(SimTrade trade, String given) {
        String url = given != null && !given.isBlank() ? given : attachedReturnUrl(trade.attach());
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }

    private String attachedReturnUrl(String attach) {
        if (attach == null || !attach.startsWith("{")) {
            return null;
        }
        try {
            JsonNode url = json.readTree(attach).get("return_url");
            return url == null || !url.isTextual() ? null : url.asText();
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
