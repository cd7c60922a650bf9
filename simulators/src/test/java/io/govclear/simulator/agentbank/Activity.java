package io.govclear.simulator.agentbank;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.internal.util.AlipaySignature;
import io.govclear.simulator.SimClock;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What happens around the agent bank in its tests, through the simulators' own doors: the day the simulators live
 * (their clock set to noon of it), payments made at a channel (its ADD_CHANNEL_ONLY control: paid at noon of a date),
 * refunds as the merchant asks Alipay for them, and the account's statements.
 */
final class Activity {

    static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Properties MERCHANT = merchant();

    private Activity() {
    }

    /** The simulators' today becomes {@code day}, at noon in Beijing. */
    static void live(LocalDate day) {
        Instant noon = day.atTime(12, 0).atZone(SimClock.ZONE).toInstant();
        shift(Duration.between(Instant.now(), noon));
    }

    static void shift(Duration offset) {
        given().contentType("application/json").body("{\"offsetMillis\":" + offset.toMillis() + "}")
                .put("/sim/clock").then().statusCode(200);
    }

    static void forgetEverything() {
        given().delete("/sim/state").then().statusCode(204);
    }

    /** A payment of {@code fen} at the channel, paid at noon of {@code date}; returns its payment id. */
    static String pay(SettlingChannel channel, LocalDate date, long fen) {
        return given().contentType("application/json")
                .body("{\"businessDate\":\"" + date + "\",\"kind\":\"ADD_CHANNEL_ONLY\",\"amountFen\":" + fen + "}")
                .post(path(channel) + "/statement-faults").then().statusCode(200).extract().path("paymentId");
    }

    /** A statement fault on the channel's own file (OMIT_TRADE, ALTER_AMOUNT, …). */
    static void statementFault(SettlingChannel channel, LocalDate date, String kind, String paymentId, long fen) {
        given().contentType("application/json")
                .body("{\"businessDate\":\"" + date + "\",\"kind\":\"" + kind + "\",\"paymentId\":\"" + paymentId
                        + "\",\"amountFen\":" + fen + "}")
                .post(path(channel) + "/statement-faults").then().statusCode(200);
    }

    /** The merchant refunds part of an Alipay trade (alipay.trade.refund, signed by the SDK); made now. */
    static void alipayRefund(String outTradeNo, long fen, String requestNo) throws Exception {
        Map<String, String> params = new TreeMap<>(Map.of("app_id", MERCHANT.getProperty("alipay.app-id"),
                "method", "alipay.trade.refund", "format", "JSON", "charset", "utf-8", "sign_type", "RSA2",
                "version", "1.0", "timestamp", LocalDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")),
                "biz_content", "{\"out_trade_no\":\"" + outTradeNo + "\",\"refund_amount\":\""
                        + io.govclear.simulator.Yuan.format(fen) + "\",\"out_request_no\":\"" + requestNo + "\"}"));
        params.put("sign", AlipaySignature.rsaSign(AlipaySignature.getSignCheckContentV2(params),
                MERCHANT.getProperty("alipay.private-key"), "utf-8", "RSA2"));
        String answer = given().contentType("application/x-www-form-urlencoded;charset=utf-8").formParams(params)
                .post("/sim/alipay/gateway.do").then().statusCode(200).extract().asString();
        assertThat(JsonPath.from(answer).getString("alipay_trade_refund_response.code")).isEqualTo("10000");
    }

    static String camt(LocalDate date) {
        return statement(date, "camt053", "application/xml");
    }

    static String csv(LocalDate date) {
        return statement(date, "csv", "text/csv");
    }

    private static String statement(LocalDate date, String format, String contentType) {
        byte[] bytes = given().queryParam("format", format).get("/sim/agent-bank/statements/{date}", date.toString())
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith(contentType))
                .extract().asByteArray();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The credit of a channel's settlement as the bank books it. */
    static EngineLayout.Entry settled(SettlingChannel channel, LocalDate businessDate, LocalDate bookingDate,
            long fen) {
        long lag = bookingDate.toEpochDay() - businessDate.toEpochDay();
        return new EngineLayout.Entry(true, fen, "STL-" + channel + "-" + DAY.format(businessDate),
                "AB" + DAY.format(bookingDate) + "9" + (channel.ordinal() + 1) + String.format("%03d", lag),
                channel.payerName(), channel.payerAccount(), "结算款 " + businessDate, null);
    }

    private static String path(SettlingChannel channel) {
        return switch (channel) {
            case ALIPAY -> "/sim/alipay";
            case WECHAT_PAY -> "/sim/wechat-pay";
            case UNIONPAY -> "/sim/unionpay";
            case BANK_ICBC -> "/sim/bank/icbc";
            case BANK_ABC -> "/sim/bank/abc";
        };
    }

    private static Properties merchant() {
        Properties keys = new Properties();
        try (InputStream in = Activity.class.getResourceAsStream("/merchant-keys.properties")) {
            keys.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }
}
