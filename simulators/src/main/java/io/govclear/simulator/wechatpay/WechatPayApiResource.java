package io.govclear.simulator.wechatpay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.simulator.wechatpay.SimViews.BillLink;
import io.govclear.simulator.wechatpay.SimViews.Refund;
import io.govclear.simulator.wechatpay.SimViews.Transaction;
import io.govclear.simulator.wechatpay.WechatPaySimulator.NativeOrder;
import io.govclear.simulator.wechatpay.WechatPaySimulator.RefundOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The simulated WeChat Pay API v3, under /sim/wechat-pay: every request must carry a valid merchant Authorization
 * signature (otherwise 401 SIGN_ERROR, unsigned); every other answer, errors included, is signed with the platform
 * key (Wechatpay-Timestamp, -Nonce, -Signature, -Serial). Errors are WeChat's {"code", "message"}. The bill download
 * is authenticated but, as at WeChat, not signed: its SHA1 from the tradebill call vouches for it.
 * <p>
 * Deliberate differences from WeChat: notify_url may be http (WeChat wants https); refunds are by out_trade_no only;
 * the bill is served for any day at once (WeChat: from 10:00 the next day) and only with bill_type=ALL.
 */
@Path("/sim/wechat-pay")
@Tag(name = "Simulator: WeChat Pay", description = "WeChat Pay API v3 as the simulator plays it")
public class WechatPayApiResource {

    private static final String JSON_UTF8 = "application/json;charset=utf-8";
    private static final Pattern OUT_TRADE_NO = Pattern.compile("[A-Za-z0-9_\\-|*]{6,32}");
    private static final Pattern OUT_REFUND_NO = Pattern.compile("[A-Za-z0-9_\\-|*@]{1,64}");

    private final WechatPaySimulator simulator;
    private final SimulatorKeys keys;
    private final ObjectMapper json;

    public WechatPayApiResource(WechatPaySimulator simulator, SimulatorKeys keys, ObjectMapper json) {
        this.simulator = simulator;
        this.keys = keys;
        this.json = json;
    }

    @POST
    @Path("/v3/pay/transactions/native")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Native order → {code_url}: the payer page of the trade")
    public Response nativeOrder(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            String body) {
        return answer(() -> {
            keys.authenticate("POST", signedUrl(uri), body, authorization);
            JsonNode request = parse(body);
            ourMerchant(request);
            String description = text(request, "description", true);
            if (description.isEmpty() || description.codePointCount(0, description.length()) > 127) {
                throw paramError("description must be 1 to 127 characters");
            }
            String outTradeNo = text(request, "out_trade_no", true);
            if (!OUT_TRADE_NO.matcher(outTradeNo).matches()) {
                throw paramError("out_trade_no must be 6 to 32 letters, digits or _-|*");
            }
            String attach = text(request, "attach", false);
            if (attach != null && attach.length() > 128) {
                throw paramError("attach is longer than 128 characters");
            }
            SimTrade trade = simulator.order(new NativeOrder(keys.appid(), keys.mchid(), description, outTradeNo,
                    timeExpire(text(request, "time_expire", false)), attach, notifyUrl(request),
                    fen(request.path("amount"), "total")));
            URI payerPage = uri.getBaseUriBuilder().path("sim/wechat-pay/pay/{outTradeNo}").build(trade.outTradeNo());
            return Map.of("code_url", payerPage.toString());
        });
    }

    @GET
    @Path("/v3/pay/transactions/out-trade-no/{outTradeNo}")
    @Operation(summary = "Query a trade by out_trade_no (404 ORDER_NOT_EXIST)")
    public Response query(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            @PathParam("outTradeNo") String outTradeNo, @QueryParam("mchid") String mchid) {
        return answer(() -> {
            keys.authenticate("GET", signedUrl(uri), "", authorization);
            if (!keys.mchid().equals(mchid)) {
                throw paramError("mchid does not match the Authorization header");
            }
            return simulator.trade(outTradeNo)
                    .map(Transaction::of)
                    .orElseThrow(() -> new WechatPayError(404, "ORDER_NOT_EXIST", "订单不存在"));
        });
    }

    @POST
    @Path("/v3/pay/transactions/out-trade-no/{outTradeNo}/close")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Close an unpaid trade (204; a paid one: 400 ORDERPAID)")
    public Response close(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            @PathParam("outTradeNo") String outTradeNo, String body) {
        return answer(() -> {
            keys.authenticate("POST", signedUrl(uri), body, authorization);
            if (!keys.mchid().equals(text(parse(body), "mchid", true))) {
                throw paramError("mchid does not match the Authorization header");
            }
            simulator.close(outTradeNo);
            return null;
        });
    }

    @POST
    @Path("/v3/refund/domestic/refunds")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Refund part or all of a paid trade; the same out_refund_no again is the same refund")
    public Response refund(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            String body) {
        return answer(() -> {
            keys.authenticate("POST", signedUrl(uri), body, authorization);
            JsonNode request = parse(body);
            String outRefundNo = text(request, "out_refund_no", true);
            if (!OUT_REFUND_NO.matcher(outRefundNo).matches()) {
                throw paramError("out_refund_no must be 1 to 64 letters, digits or _-|*@");
            }
            String reason = text(request, "reason", false);
            if (reason != null && reason.codePointCount(0, reason.length()) > 80) {
                throw paramError("reason is longer than 80 characters");
            }
            JsonNode amount = request.path("amount");
            return Refund.of(simulator.refund(new RefundOrder(text(request, "out_trade_no", true), outRefundNo,
                    reason, fen(amount, "refund"), fen(amount, "total"))));
        });
    }

    @GET
    @Path("/v3/refund/domestic/refunds/{outRefundNo}")
    @Operation(summary = "Query a refund by out_refund_no (404 RESOURCE_NOT_EXISTS)")
    public Response queryRefund(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            @PathParam("outRefundNo") String outRefundNo) {
        return answer(() -> {
            keys.authenticate("GET", signedUrl(uri), "", authorization);
            return simulator.refund(outRefundNo)
                    .map(Refund::of)
                    .orElseThrow(() -> new WechatPayError(404, "RESOURCE_NOT_EXISTS", "退款单不存在"));
        });
    }

    @GET
    @Path("/v3/bill/tradebill")
    @Operation(summary = "The day's trade bill: {hash_type: SHA1, hash_value, download_url}")
    public Response tradeBill(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            @QueryParam("bill_date") String billDate, @QueryParam("bill_type") String billType) {
        return answer(() -> {
            keys.authenticate("GET", signedUrl(uri), "", authorization);
            if (billType != null && !"ALL".equals(billType)) {
                throw paramError("the simulator serves bill_type=ALL only");
            }
            LocalDate date = billDate(billDate);
            URI download = uri.getBaseUriBuilder().path("sim/wechat-pay/bills/{date}").build(date);
            Optional<java.nio.file.Path> prepared = simulator.preparedBill(date);
            if (prepared.isPresent()) {
                return new BillLink("SHA1", simulator.preparedBillSha1(prepared.get()), download.toString());
            }
            byte[] bill = simulator.bill(date)
                    .orElseThrow(() -> new WechatPayError(400, "NO_STATEMENT_EXIST", "账单文件不存在"));
            return new BillLink("SHA1", sha1Hex(bill), download.toString());
        });
    }

    @GET
    @Path("/v3/bill/fundflowbill")
    @Operation(summary = "The day's fund-flow bill of the basic account: {hash_type: SHA1, hash_value, download_url}")
    public Response fundFlowBill(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            @QueryParam("bill_date") String billDate, @QueryParam("account_type") String accountType) {
        return answer(() -> {
            keys.authenticate("GET", signedUrl(uri), "", authorization);
            if (accountType != null && !"BASIC".equals(accountType)) {
                throw paramError("the simulator keeps the BASIC account only");
            }
            LocalDate date = billDate(billDate);
            byte[] bill = simulator.fundFlowBill(date)
                    .orElseThrow(() -> new WechatPayError(400, "NO_STATEMENT_EXIST", "账单文件不存在"));
            URI download = uri.getBaseUriBuilder().path("sim/wechat-pay/fundflow-bills/{date}").build(date);
            return new BillLink("SHA1", sha1Hex(bill), download.toString());
        });
    }

    @GET
    @Path("/fundflow-bills/{businessDate}")
    @Operation(summary = "Download the fund-flow bill (the fundflowbill download_url); authenticated, not signed")
    public Response downloadFundFlowBill(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri, @PathParam("businessDate") String businessDate) {
        try {
            keys.authenticate("GET", signedUrl(uri), "", authorization);
            byte[] bill = simulator.fundFlowBill(billDate(businessDate))
                    .orElseThrow(() -> new WechatPayError(400, "NO_STATEMENT_EXIST", "账单文件不存在"));
            return Response.ok(bill, "text/csv;charset=utf-8").build();
        } catch (WechatPayError e) {
            return error(e);
        }
    }

    @GET
    @Path("/bills/{businessDate}")
    @Operation(summary = "Download the trade bill (the tradebill download_url); authenticated, not signed")
    public Response downloadBill(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            @PathParam("businessDate") String businessDate) {
        try {
            keys.authenticate("GET", signedUrl(uri), "", authorization);
            Optional<java.nio.file.Path> prepared = simulator.preparedBill(billDate(businessDate));
            if (prepared.isPresent()) {
                // a file entity is sent from disk in chunks, never read into memory
                return Response.ok(prepared.get().toFile(), "text/csv;charset=utf-8").build();
            }
            byte[] bill = simulator.bill(billDate(businessDate))
                    .orElseThrow(() -> new WechatPayError(400, "NO_STATEMENT_EXIST", "账单文件不存在"));
            return Response.ok(bill, "text/csv;charset=utf-8").build();
        } catch (WechatPayError e) {
            return error(e);
        }
    }

    /** Runs the call; its result is the 200 JSON body (null: 204), a WechatPayError its signed error. */
    private Response answer(Supplier<Object> call) {
        Object result;
        try {
            result = call.get();
        } catch (WechatPayError e) {
            return error(e);
        }
        return result == null ? signed(204, "") : signed(200, write(result));
    }

    private Response error(WechatPayError e) {
        String body = write(new ErrorBody(e.code(), e.getMessage()));
        // a request whose signature failed gets no signed answer, as at WeChat
        return "SIGN_ERROR".equals(e.code())
                ? Response.status(e.status()).type(JSON_UTF8).entity(body).build()
                : signed(e.status(), body);
    }

    private Response signed(int status, String body) {
        Response.ResponseBuilder response = Response.status(status)
                .header("Request-ID", UUID.randomUUID().toString());
        if (!body.isEmpty()) {
            response.type(JSON_UTF8).entity(body);
        }
        keys.sign(body).forEach(response::header);
        return response.build();
    }

    private void ourMerchant(JsonNode request) {
        if (!keys.mchid().equals(text(request, "mchid", true))) {
            throw paramError("mchid does not match the Authorization header");
        }
        if (!keys.appid().equals(text(request, "appid", true))) {
            throw new WechatPayError(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配");
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw paramError("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw paramError("the body is not valid JSON");
        }
    }

    private static String signedUrl(UriInfo uri) {
        URI request = uri.getRequestUri();
        return request.getRawPath() + (request.getRawQuery() == null ? "" : "?" + request.getRawQuery());
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw paramError(field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw paramError(field + " must be a string");
        }
        return value.asText();
    }

    /** An amount in fen: a whole number of at least 1; currency, when given, CNY. */
    private static long fen(JsonNode amount, String field) {
        JsonNode value = amount.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
            throw paramError("amount." + field + " must be a whole number of fen, at least 1");
        }
        if (amount.has("currency") && !"CNY".equals(amount.path("currency").asText())) {
            throw paramError("amount.currency must be CNY");
        }
        return value.longValue();
    }

    private static String notifyUrl(JsonNode request) {
        String url = text(request, "notify_url", true);
        try {
            URI uri = URI.create(url);
            if (!uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw paramError("notify_url must be an absolute http(s) URL");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw paramError("notify_url is not a URL");
        }
    }

    private static Instant timeExpire(String rfc3339) {
        try {
            return rfc3339 == null ? null : OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            throw paramError("time_expire must be RFC 3339, e.g. 2026-06-08T10:34:56+08:00");
        }
    }

    private static LocalDate billDate(String date) {
        try {
            return LocalDate.parse(date == null ? "" : date);
        } catch (DateTimeParseException e) {
            throw paramError("bill_date must be yyyy-MM-dd");
        }
    }

    private static WechatPayError paramError(String message) {
        return new WechatPayError(400, "PARAM_ERROR", message);
    }

    private static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** WeChat's error body. */
    record ErrorBody(String code, String message) {
    }
}
