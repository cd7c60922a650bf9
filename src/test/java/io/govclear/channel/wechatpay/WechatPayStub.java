package io.govclear.channel.wechatpay;

import static io.govclear.support.Simulators.sim;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.security.PrivateKey;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Test-only WeChat Pay that misbehaves, signing with the real platform key: the query of trade TAMPERED answers a
 * body other than the one signed, UNSIGNED has no signature, STALE was signed 6 minutes ago, SYSTEMERR is a signed
 * 500 SYSTEM_ERROR; the tradebill call names the simulator's real bill with a wrong SHA1.
 */
@PermitAll
@Path("/test/wechat-stub/v3")
public class WechatPayStub {

    private static final String TRADE = "{\"mchid\":\"%s\",\"out_trade_no\":\"%s\",\"trade_state\":\"%s\","
            + "\"amount\":{\"total\":100}}";

    private final PrivateKey platformKey;
    private final String serial;
    private final String mchid;

    public WechatPayStub(@ConfigProperty(name = "channel-side.wechat-pay.platform-private-key") String key,
            @ConfigProperty(name = "channel-side.wechat-pay.platform-serial-no") String serial,
            @ConfigProperty(name = "channel-side.wechat-pay.mchid") String mchid) {
        this.platformKey = WechatPayCrypto.privateKey(key);
        this.serial = serial;
        this.mchid = mchid;
    }

    @GET
    @Path("/pay/transactions/out-trade-no/{outTradeNo}")
    public Response query(@PathParam("outTradeNo") String outTradeNo) {
        Instant now = Instant.now();
        return switch (outTradeNo) {
            case "TAMPERED" -> signed(200, String.format(TRADE, mchid, outTradeNo, "NOTPAY"), now)
                    .entity(String.format(TRADE, mchid, outTradeNo, "SUCCESS")).build();
            case "UNSIGNED" -> Response.ok(String.format(TRADE, mchid, outTradeNo, "SUCCESS"), "application/json")
                    .build();
            case "STALE" -> signed(200, String.format(TRADE, mchid, outTradeNo, "SUCCESS"), now.minusSeconds(360))
                    .build();
            default -> signed(500, "{\"code\":\"SYSTEM_ERROR\",\"message\":\"系统错误\"}", now).build();
        };
    }

    @GET
    @Path("/bill/tradebill")
    public Response tradeBill(@QueryParam("bill_date") String billDate) {
        String link = "{\"hash_type\":\"SHA1\",\"hash_value\":\"" + "0".repeat(40) + "\",\"download_url\":\""
                + sim("/sim/wechat-pay/bills/" + billDate) + "\"}";
        return signed(200, link, Instant.now()).build();
    }

    private Response.ResponseBuilder signed(int status, String body, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        String nonce = WechatPayCrypto.nonce(32);
        return Response.status(status)
                .type("application/json")
                .entity(body)
                .header("Wechatpay-Timestamp", timestamp)
                .header("Wechatpay-Nonce", nonce)
                .header("Wechatpay-Serial", serial)
                .header("Wechatpay-Signature",
                        WechatPayCrypto.sign(platformKey, WechatPayCrypto.message(timestamp, nonce, body)));
    }
}
