package io.govclear.simulator.unionpay;

import io.govclear.simulator.SimProblem;
import io.govclear.simulator.Yuan;
import io.govclear.simulator.PayRequest;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The simulated UnionPay over HTTP: the gateway's front, back, query and file endpoints (ACP 5.1.0 forms in, signed
 * {@code k=v&…} answers out), the payer's page, the control API that makes the payer pay, and the day's statement.
 *
 * <p>
 * The payer page returns the payer to the consume's frontUrl by a plain link (GET): the front notify that real UnionPay
 * posts from the browser is not simulated; the back notify is what the engine books on (after its query).
 */
@Path("/sim/unionpay")
@Tag(name = "Simulator: UnionPay", description = "UnionPay ACP 5.1.0 as the simulator plays it")
public class UnionPaySimulatorResource {

    private static final MediaType ANSWER = MediaType.valueOf("text/plain;charset=UTF-8");

    /** What the payer page shows; {@code found} is false for an unknown consume. */
    public record PayerPage(boolean found, String orderId, String amountYuan, String state, boolean payable,
            String frontUrl, String message) {
    }

    /** A consume or refund as the control API answers it. */
    public record TxnView(String orderId, String txnTime, String txnType, long txnAmt, String state, String queryId,
            String traceNo) {

        static TxnView of(SimTxn t) {
            return new TxnView(t.orderId(), t.txnTime(), t.txnType(), t.txnAmt(), t.state().name(), t.queryId(),
                    t.traceNo());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance payer(PayerPage page);
    }

    private final UnionPaySimulator simulator;
    private final Clock clock;

    UnionPaySimulatorResource(UnionPaySimulator simulator, Clock clock) {
        this.simulator = simulator;
        this.clock = clock;
    }

    @POST
    @Path("gateway/api/frontTransReq.do")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Front transactions: the payer's browser posts the signed consume form; the payer page")
    public Response front(MultivaluedMap<String, String> form) {
        try {
            return page(200, simulator.front(single(form)), null);
        } catch (UnionPaySimulator.AcpError e) {
            return html(400, new PayerPage(false, null, null, null, false, null,
                    "交易失败 · Refused: " + e.respCode() + " " + e.getMessage()));
        }
    }

    @POST
    @Path("gateway/api/backTransReq.do")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/plain;charset=UTF-8")
    @Operation(summary = "Back transactions: refund (txnType 04)")
    public Response back(MultivaluedMap<String, String> form) {
        return answer(() -> simulator.back(single(form)));
    }

    @POST
    @Path("gateway/api/queryTrans.do")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/plain;charset=UTF-8")
    @Operation(summary = "Single query (txnType 00) by orderId and txnTime")
    public Response query(MultivaluedMap<String, String> form) {
        return answer(() -> simulator.query(single(form)));
    }

    @POST
    @Path("filedownload")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/plain;charset=UTF-8")
    @Operation(summary = "File transactions (txnType 76): the merchant statement zip in fileContent")
    public Response file(MultivaluedMap<String, String> form) {
        return answer(() -> simulator.file(single(form)));
    }

    @GET
    @Path("pay/{orderId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The payer page of a consume the browser has posted")
    public Response payerPage(@PathParam("orderId") String orderId) {
        return simulator.txn(orderId)
                .map(txn -> page(200, txn, null))
                .orElseGet(() -> html(404, new PayerPage(false, orderId, null, null, false, null,
                        "订单不存在 · No such consume")));
    }

    @POST
    @Path("pay/{orderId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The payer presses Pay (SUCCESS, NORMAL notify) or Cancel")
    public Response payerAction(@PathParam("orderId") String orderId, @FormParam("action") String action) {
        SimTxn txn = simulator.txn(orderId).orElse(null);
        if (txn == null) {
            return payerPage(orderId);
        }
        if (!"pay".equals(action)) {
            return page(200, txn, "已取消，订单仍未支付 · Cancelled: the consume stays unpaid");
        }
        try {
            SimTxn paid = simulator.pay(orderId, null);
            return paid.frontUrl() != null ? Response.seeOther(URI.create(paid.frontUrl())).build()
                    : page(200, paid, "支付成功 · Paid");
        } catch (SimProblem e) {
            return page(409, txn, e.getMessage());
        }
    }

    @POST
    @Path("orders/{paymentId}/pay")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Control: the payer pays (SUCCESS or FAIL); the notify NORMAL, DROP, DUPLICATE, DELAY or "
            + "TAMPER")
    public TxnView pay(@PathParam("paymentId") String paymentId, PayRequest request) {
        return TxnView.of(simulator.pay(paymentId, request));
    }

    @POST
    @Path("statement-faults")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Control: make a day's file differ (OMIT_TRADE, ALTER_AMOUNT, ADD_CHANNEL_ONLY, "
            + "CROSS_MIDNIGHT)")
    public StatementFault statementFault(StatementFault fault) {
        return simulator.addStatementFault(fault);
    }

    @GET
    @Path("statements/{businessDate}")
    @Produces("text/plain;charset=US-ASCII")
    @Operation(summary = "The day's merchant transaction file (ZM), the file inside the file gateway's zip")
    public Response statement(@PathParam("businessDate") String businessDate) {
        LocalDate date;
        try {
            date = LocalDate.parse(businessDate);
        } catch (DateTimeParseException e) {
            throw SimProblem.invalid("businessDate", "must be a date like 2026-12-08");
        }
        return Response.ok(simulator.statement(date))
                .header("Content-Disposition", "attachment; filename=\"" + simulator.statementFileName(date) + "\"")
                .build();
    }

    private Response page(int status, SimTxn txn, String message) {
        return html(status, new PayerPage(true, txn.orderId(), Yuan.format(txn.txnAmt()), txn.state().name(),
                txn.payable(clock.instant()), txn.frontUrl(), message));
    }

    private static Response html(int status, PayerPage page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.payer(page).render()).build();
    }

    private static Response answer(Supplier<String> call) {
        String body;
        try {
            body = call.get();
        } catch (UnionPaySimulator.AcpError e) {
            body = "respCode=" + e.respCode() + "&respMsg=" + e.getMessage();
        }
        return Response.ok(body, ANSWER).build();
    }

    /** The form's fields; a field given twice (which one was signed?) is a format error. */
    private static Map<String, String> single(MultivaluedMap<String, String> form) {
        Map<String, String> fields = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            if (e.getValue().size() != 1) {
                throw new UnionPaySimulator.AcpError("30", "报文格式错误: " + e.getKey() + " given twice");
            }
            fields.put(e.getKey(), e.getValue().get(0));
        }
        return fields;
    }
}
