package io.govclear.simulator.alipay;

import io.govclear.simulator.SimProblem;
import io.govclear.simulator.PayRequest;
import io.govclear.simulator.RefundFaultRequest;
import io.govclear.simulator.StatementFault;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The simulated Alipay over HTTP: the open-platform gateway, the payer's page, the control API that makes the payer
 * pay, and the daily bill. 
 */
@Path("/sim/alipay")
public class AlipaySimulatorResource {

    private final AlipaySimulator simulator;

    AlipaySimulatorResource(AlipaySimulator simulator) {
        this.simulator = simulator;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance payer(TradeView trade);
    }

    /** The open-platform gateway: every method answers 200 with Alipay's signed JSON (errors too), to any Accept. */
    @POST
    @Path("gateway.do")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response gateway(MultivaluedMap<String, String> form, @Context UriInfo uri) {
        // whatever the caller accepts (the official SDK sends text/plain,text/xml,text/javascript,text/html)
        return Response.ok(simulator.gateway(uri.getQueryParameters(), form, uri.getBaseUri()))
                .type("application/json;charset=utf-8")
                .build();
    }

    /** The page the payer's phone opens from the QR code. */
    @GET
    @Path("pay/{outTradeNo}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance payerPage(@PathParam("outTradeNo") String outTradeNo) {
        return Templates.payer(simulator.scan(outTradeNo));
    }

    /** The payer's Pay or Cancel: then back to the merchant's return URL, or to this page. */
    @POST
    @Path("pay/{outTradeNo}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response payerChoice(@PathParam("outTradeNo") String outTradeNo, @FormParam("action") String action,
            @Context UriInfo uri) {
        PayRequest.Outcome outcome = "pay".equals(action) ? PayRequest.Outcome.SUCCESS : PayRequest.Outcome.FAIL;
        TradeView trade = simulator.pay(outTradeNo, new PayRequest(outcome, PayRequest.NotifyFault.NORMAL));
        URI next = trade.returnUrl() != null ? URI.create(trade.returnUrl())
                : uri.getBaseUri().resolve("sim/alipay/pay/" + outTradeNo);
        return Response.seeOther(next).build();
    }

    /** Control: the payer completes (or fails) the payment; the notify follows the requested fault. */
    @POST
    @Path("orders/{paymentId}/pay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TradeView pay(@PathParam("paymentId") String paymentId, PayRequest request) {
        return simulator.pay(paymentId, request);
    }

    /** Control: the next refund call on the trade fails as {@link RefundFaultRequest} says. */
    @POST
    @Path("orders/{paymentId}/refund-fault")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refundFault(@PathParam("paymentId") String paymentId, RefundFaultRequest request) {
        if (request == null || request.fault() == null) {
            throw SimProblem.invalid("fault", "must be ANSWER_LOST, BUSY or REFUSED");
        }
        simulator.refundFault(paymentId, request.fault());
        return Response.noContent().build();
    }

    /** Control: make a day's bill differ from the truth (see StatementFault). */
    @POST
    @Path("statement-faults")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public StatementFault statementFault(StatementFault fault) {
        return simulator.addStatementFault(fault);
    }

    /**
     * The day's bill zip, the file that bill.downloadurl.query points to: the trade bill (业务明细), or with
     * bill_type=signcustomer the account log (账务明细).
     */
    @GET
    @Path("statements/{businessDate}")
    @Produces("application/zip")
    public Response statement(@PathParam("businessDate") String businessDate,
            @QueryParam("bill_type") String billType) {
        LocalDate date;
        try {
            date = LocalDate.parse(businessDate);
        } catch (DateTimeParseException e) {
            throw SimProblem.invalid("businessDate", "must be a date like 2026-12-08");
        }
        if (billType != null && !"trade".equals(billType) && !"signcustomer".equals(billType)) {
            throw SimProblem.invalid("bill_type", "must be trade or signcustomer");
        }
        boolean accountLog = "signcustomer".equals(billType);
        String name = simulator.statementFileName(date).replace(".csv.zip", accountLog ? "_signcustomer.csv.zip"
                : ".csv.zip");
        return Response.ok(accountLog ? simulator.accountLog(date) : simulator.statement(date))
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }
}
