package io.govclear.channel.wechatpay;

import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * WeChat Pay API v3 as a reactive REST client. Bodies go out as the exact strings that were signed and come back as
 * raw responses, so the adapter can check the response signature over the exact bytes. Path parameters arrive
 * already encoded: the signature covers the path as sent.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface WechatPayApi {

    @POST
    @Path("/v3/pay/transactions/native")
    Uni<Response> nativeOrder(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body);

    @GET
    @Path("/v3/pay/transactions/out-trade-no/{outTradeNo}")
    Uni<Response> query(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("outTradeNo") @Encoded String outTradeNo, @QueryParam("mchid") String mchid);

    @POST
    @Path("/v3/pay/transactions/out-trade-no/{outTradeNo}/close")
    Uni<Response> close(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("outTradeNo") @Encoded String outTradeNo, String body);

    @POST
    @Path("/v3/refund/domestic/refunds")
    Uni<Response> refund(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body);

    @GET
    @Path("/v3/refund/domestic/refunds/{outRefundNo}")
    Uni<Response> queryRefund(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("outRefundNo") @Encoded String outRefundNo);

    @GET
    @Path("/v3/bill/tradebill")
    Uni<Response> tradeBill(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("bill_date") String billDate, @QueryParam("bill_type") String billType);

    /** The bill file at the download_url that the tradebill call returned (any host). */
    @GET
    @Produces(MediaType.WILDCARD)
    Uni<Response> download(@Url String downloadUrl, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
