package io.govclear.simulator.alipay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.alipay.api.internal.util.AlipaySignature;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulated Alipay's own contract, called as any Alipay client would: form POSTs signed by the official SDK. */
@QuarkusTest
class AlipaySimulatorTest {

    private static final String PRECREATE = "alipay.trade.precreate";
    private static final String QUERY = "alipay.trade.query";
    private static final Properties MERCHANT = merchant();
    private static final String APP_ID = MERCHANT.getProperty("alipay.app-id");
    private static final String APP_PRIVATE_KEY = MERCHANT.getProperty("alipay.private-key");

    @Test
    void requestSignedByTheOfficialSdkIsServed() throws Exception {
        String id = outTradeNo();
        JsonPath answer = call(PRECREATE, biz(id, "88.80"));

        assertThat(answer.getString("alipay_trade_precreate_response.code")).isEqualTo("10000");
        assertThat(answer.getString("alipay_trade_precreate_response.qr_code")).endsWith("/sim/alipay/pay/" + id);
        assertThat(answer.getString("sign")).isNotBlank();
        // a precreated QR trade exists at Alipay only once the payer has scanned the code
        assertThat(call(QUERY, "{\"out_trade_no\":\"" + id + "\"}")
                .getString("alipay_trade_query_response.sub_code")).isEqualTo("ACQ.TRADE_NOT_EXIST");
        assertThat(call("alipay.trade.close", "{\"out_trade_no\":\"" + id + "\"}")
                .getString("alipay_trade_close_response.sub_code")).isEqualTo("ACQ.TRADE_NOT_EXIST");
        given().get("/sim/alipay/pay/{id}", id).then().statusCode(200);
        assertThat(call(QUERY, "{\"out_trade_no\":\"" + id + "\"}")
                .getString("alipay_trade_query_response.trade_status")).isEqualTo("WAIT_BUYER_PAY");
    }

    @Test
    void answersWhateverTheOfficialSdkAccepts() throws Exception {
        given().accept("text/plain,text/xml,text/javascript,text/html")
                .contentType("application/x-www-form-urlencoded;charset=utf-8")
                .formParams(signed(PRECREATE, biz(outTradeNo(), "1.00")))
                .post("/sim/alipay/gateway.do")
                .then().statusCode(200).body(containsString("\"code\":\"10000\""));
    }

    @Test
    void aCodeNobodyScannedBeforeItsTimeoutCannotBePaid() throws Exception {
        String id = outTradeNo();
        call(PRECREATE, "{\"out_trade_no\":\"" + id + "\",\"total_amount\":\"3.00\",\"subject\":\"x\","
                + "\"timeout_express\":\"5m\"}");
        try {
            shiftClock(Duration.ofMinutes(6));
            given().contentType("application/json").post("/sim/alipay/orders/{id}/pay", id).then().statusCode(409);
            assertThat(call(QUERY, "{\"out_trade_no\":\"" + id + "\"}")
                    .getString("alipay_trade_query_response.sub_code")).isEqualTo("ACQ.TRADE_NOT_EXIST");
        } finally {
            shiftClock(Duration.ZERO);
        }
    }

    @Test
    void commonParametersMayComeInTheQueryStringAsTheSdkSendsThem() throws Exception {
        String id = outTradeNo();
        Map<String, String> params = signed(PRECREATE, biz(id, "1.00"));
        String bizContent = params.remove("biz_content");

        String body = given().queryParams(params)
                .contentType("application/x-www-form-urlencoded;charset=utf-8")
                .formParam("biz_content", bizContent)
                .post("/sim/alipay/gateway.do")
                .then().statusCode(200).extract().asString();

        assertThat(JsonPath.from(body).getString("alipay_trade_precreate_response.code")).isEqualTo("10000");
    }

    @Test
    void badSignatureIsRefusedAndChangesNothing() throws Exception {
        String id = outTradeNo();
        Map<String, String> params = signed(PRECREATE, biz(id, "1.00"));
        params.put("biz_content", biz(id, "0.01"));

        JsonPath answer = post(params);

        assertThat(answer.getString("alipay_trade_precreate_response.code")).isEqualTo("40002");
        assertThat(answer.getString("alipay_trade_precreate_response.sub_code")).isEqualTo("isv.invalid-signature");
        assertThat(call(QUERY, "{\"out_trade_no\":\"" + id + "\"}")
                .getString("alipay_trade_query_response.sub_code")).isEqualTo("ACQ.TRADE_NOT_EXIST");
    }

    @Test
    void anotherAppAndAnUnknownMethodAreRefused() throws Exception {
        Map<String, String> params = new TreeMap<>(common(QUERY, "{\"out_trade_no\":\"X1\"}"));
        params.put("app_id", "2021009999999999");
        params.put("sign", sdkSign(params));
        assertThat(post(params).getString("alipay_trade_query_response.sub_code")).isEqualTo("isv.invalid-app-id");

        JsonPath unknown = call("alipay.trade.pay.everything", "{}");
        assertThat(unknown.getString("error_response.code")).isEqualTo("40002");
        assertThat(unknown.getString("error_response.sub_code")).isEqualTo("isv.invalid-method");
    }

    @ParameterizedTest
    @ValueSource(strings = { "has-dash", "has space", "订单1",
            "A1234567890123456789012345678901234567890123456789012345678901234" })
    void invalidOutTradeNoIsRefused(String outTradeNo) throws Exception {
        JsonPath answer = call(PRECREATE, biz(outTradeNo, "1.00"));

        assertThat(answer.getString("alipay_trade_precreate_response.code")).isEqualTo("40004");
        assertThat(answer.getString("alipay_trade_precreate_response.sub_code")).isEqualTo("ACQ.INVALID_PARAMETER");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.00", "0", "100000000.01", "20.001", "-1.00", "1e2", "abc" })
    void amountOutsideAlipaysRangeOrFormatIsRefused(String amount) throws Exception {
        JsonPath answer = call(PRECREATE, biz(outTradeNo(), amount));

        assertThat(answer.getString("alipay_trade_precreate_response.sub_code")).isEqualTo("ACQ.INVALID_PARAMETER");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.01", "100000000.00", "20.5" })
    void amountsAtAlipaysLimitsAreAccepted(String amount) throws Exception {
        assertThat(call(PRECREATE, biz(outTradeNo(), amount)).getString("alipay_trade_precreate_response.code"))
                .isEqualTo("10000");
    }

    @Test
    void payerPagePaysAndReturnsToTheMerchant() throws Exception {
        String id = outTradeNo();
        Map<String, String> params = new TreeMap<>(common(PRECREATE,
                "{\"out_trade_no\":\"" + id + "\",\"total_amount\":\"66.00\",\"subject\":\"<b>学费</b>\"}"));
        params.put("return_url", "https://unit.example/paid?order=" + id);
        params.put("sign", sdkSign(params));
        post(params);

        given().get("/sim/alipay/pay/{id}", id).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("66.00"))
                .body(containsString("&lt;b&gt;学费&lt;/b&gt;"))
                .body(not(containsString("<b>学费")))
                .body(containsString("value=\"pay\""))
                .body(containsString("viewport"));

        given().redirects().follow(false).formParam("action", "pay")
                .post("/sim/alipay/pay/{id}", id)
                .then().statusCode(303)
                .header("Location", equalTo("https://unit.example/paid?order=" + id));

        assertThat(call(QUERY, "{\"out_trade_no\":\"" + id + "\"}")
                .getString("alipay_trade_query_response.trade_status")).isEqualTo("TRADE_SUCCESS");
        given().get("/sim/alipay/pay/{id}", id).then().body(not(containsString("value=\"pay\"")))
                .body(containsString("Paid"));
    }

    @Test
    void payerWhoCancelsClosesTheTrade() throws Exception {
        String id = outTradeNo();
        call(PRECREATE, biz(id, "5.00"));

        given().redirects().follow(false).formParam("action", "cancel")
                .post("/sim/alipay/pay/{id}", id)
                .then().statusCode(303)
                .header("Location", containsString("/sim/alipay/pay/" + id));

        assertThat(call(QUERY, "{\"out_trade_no\":\"" + id + "\"}")
                .getString("alipay_trade_query_response.trade_status")).isEqualTo("TRADE_CLOSED");
    }

    @Test
    void controlPayWithoutABodyPaysAndAnswersTheTrade() throws Exception {
        String id = outTradeNo();
        call(PRECREATE, biz(id, "5.00"));

        given().contentType("application/json").post("/sim/alipay/orders/{id}/pay", id).then().statusCode(200)
                .body("outTradeNo", equalTo(id))
                .body("tradeStatus", equalTo("TRADE_SUCCESS"))
                .body("totalAmountFen", equalTo(500))
                .body("paidAt", containsString("+08:00"));
    }

    @Test
    void concurrentPaymentsOfOneTradeSucceedOnce() throws Exception {
        String id = outTradeNo();
        call(PRECREATE, biz(id, "5.00"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> payers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                payers.add(() -> given().contentType("application/json").body("{\"notify\":\"DROP\"}")
                        .post("/sim/alipay/orders/{id}/pay", id).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(payers)) {
                statuses.add(status.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void shiftClock(Duration offset) {
        given().contentType("application/json").body("{\"offsetMillis\":" + offset.toMillis() + "}")
                .put("/sim/clock").then().statusCode(200);
    }

    private static Properties merchant() {
        Properties keys = new Properties();
        try (InputStream in = AlipaySimulatorTest.class.getResourceAsStream("/merchant-keys.properties")) {
            keys.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private JsonPath call(String method, String bizContent) throws Exception {
        return post(signed(method, bizContent));
    }

    private JsonPath post(Map<String, String> params) {
        String body = given().contentType("application/x-www-form-urlencoded;charset=utf-8")
                .formParams(params)
                .post("/sim/alipay/gateway.do")
                .then().statusCode(200).contentType(containsString("application/json"))
                .extract().asString();
        return JsonPath.from(body);
    }

    private Map<String, String> signed(String method, String bizContent) throws Exception {
        Map<String, String> params = new TreeMap<>(common(method, bizContent));
        params.put("sign", sdkSign(params));
        return params;
    }

    private Map<String, String> common(String method, String bizContent) {
        return Map.of("app_id", APP_ID, "method", method, "format", "JSON", "charset", "utf-8",
                "sign_type", "RSA2", "version", "1.0", "biz_content", bizContent,
                "timestamp", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
    }

    /** The SDK's request signature: all parameters but sign, with the merchant app's private key. */
    private String sdkSign(Map<String, String> params) throws Exception {
        return AlipaySignature.rsaSign(AlipaySignature.getSignCheckContentV2(params), APP_PRIVATE_KEY, "utf-8",
                "RSA2");
    }

    private static String biz(String outTradeNo, String amount) {
        return "{\"out_trade_no\":\"" + outTradeNo + "\",\"total_amount\":\"" + amount + "\",\"subject\":\"测试\"}";
    }

    private static String outTradeNo() {
        return "S" + System.currentTimeMillis() + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    }
}
