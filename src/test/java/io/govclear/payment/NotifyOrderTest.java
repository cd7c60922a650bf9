package io.govclear.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Notifies in any order end in the right state: a late WAIT_BUYER_PAY or TRADE_CLOSED never undoes a payment. */
@QuarkusTest
class NotifyOrderTest {

    @Inject
    TestClock clock;

    /** An Alipay notify signed as Alipay signs it (RSA2 over the sorted, unencoded parameters). */
    private String signedAlipayNotify(Map<String, String> fields) throws Exception {
        Map<String, String> params = new TreeMap<>(fields);
        String content = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String key = ConfigProvider.getConfig().getValue("channel-side.alipay.alipay-private-key", String.class);
        PrivateKey privateKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(privateKey);
        rsa.update(content.getBytes(StandardCharsets.UTF_8));
        params.put("sign", Base64.getEncoder().encodeToString(rsa.sign()));
        params.put("sign_type", "RSA2");
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Test
    void closedOrWaitingNotifyAfterSuccessChangesNothing() throws Exception {
        String code = Bills.issueFine(2500, clock.today().plusDays(5));
        String paymentId = Payments.start(code, "ALIPAY");
        Payments.pay("ALIPAY", paymentId);
        Payments.awaitSucceeded(paymentId);
        String appId = ConfigProvider.getConfig().getValue("govclear.channels.alipay.app-id", String.class);
        String sellerId = ConfigProvider.getConfig().getValue("govclear.channels.alipay.seller-id", String.class);
        String now = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(clock.instant()
                .atZone(io.govclear.common.Clocks.BUSINESS_ZONE));

        for (String status : new String[] { "WAIT_BUYER_PAY", "TRADE_CLOSED" }) {
            String body = signedAlipayNotify(Map.of("notify_time", now, "notify_type", "trade_status_sync",
                    "notify_id", "late-" + status, "app_id", appId, "seller_id", sellerId, "version", "1.0",
                    "out_trade_no", paymentId, "trade_no", "2026112322001400000000000001", "trade_status", status,
                    "total_amount", "25.00"));
            given().contentType("application/x-www-form-urlencoded; charset=utf-8").body(body)
                    .post("/callbacks/alipay").then().statusCode(200).body(equalTo("success"));
        }
        given().get("/api/v1/payments/" + paymentId).then().body("status", equalTo("SUCCEEDED"));
        given().get("/api/v1/bills/" + code).then().body("status", equalTo("PAID"));
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1 AND verified"
                + " AND outcome = 'NO_CHANGE'", paymentId)).isEqualTo(2);
        Ledger.assertBalanced();
    }

    @Test
    void notifyWithAnotherAmountIsNotBookedAndAsksForARetry() throws Exception {
        String code = Bills.issueFine(2600, clock.today().plusDays(5));
        String paymentId = Payments.start(code, "ALIPAY");
        String appId = ConfigProvider.getConfig().getValue("govclear.channels.alipay.app-id", String.class);
        String sellerId = ConfigProvider.getConfig().getValue("govclear.channels.alipay.seller-id", String.class);
        String body = signedAlipayNotify(Map.of("notify_time", "2026-11-23 10:00:00", "notify_type",
                "trade_status_sync", "notify_id", "wrong-amount", "app_id", appId, "seller_id", sellerId,
                "out_trade_no", paymentId,
                "trade_no", "2026112322001400000000000002", "trade_status", "TRADE_SUCCESS", "total_amount", "0.01",
                "gmt_payment", "2026-11-23 10:00:00"));
        given().contentType("application/x-www-form-urlencoded; charset=utf-8").body(body)
                .post("/callbacks/alipay").then().statusCode(200).body(equalTo("failure"));
        given().get("/api/v1/bills/" + code).then().body("status", equalTo("UNPAID"));
        assertThat(Ledger.entriesFor(code)).isZero();
        assertThat(Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1"
                + " AND outcome = 'AMOUNT_MISMATCH'", paymentId)).isEqualTo(1);
    }

    @Test
    void unsignedNotifyIsStoredRejectedAndNeverTrusted() {
        String code = Bills.issueFine(2700, clock.today().plusDays(5));
        String paymentId = Payments.start(code, "ALIPAY");
        given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .body("out_trade_no=" + paymentId + "&trade_status=TRADE_SUCCESS&total_amount=27.00&sign=forged"
                        + "&sign_type=RSA2")
                .post("/callbacks/alipay").then().statusCode(200).body(equalTo("failure"));
        given().get("/api/v1/bills/" + code).then().body("status", equalTo("UNPAID"));
        assertThat(Db.count("SELECT count(*) FROM channel_callback WHERE payment_id = $1 AND NOT verified",
                paymentId)).isEqualTo(1);
        given().post("/callbacks/no-such-channel").then().statusCode(404);
    }
}
