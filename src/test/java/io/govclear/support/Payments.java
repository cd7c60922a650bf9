package io.govclear.support;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

/** A payer paying a bill through the channel simulators, over HTTP, as the cashier page would. */
public final class Payments {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Payments() {
    }

    /** Starts paying on a channel (ALIPAY, WECHAT_PAY) and returns the payment id. */
    public static String start(String paymentCode, String channel) {
        return given().contentType("application/json").body("{\"channel\":\"" + channel + "\"}")
                .post("/api/v1/bills/" + paymentCode + "/payments").then().statusCode(201)
                .extract().path("paymentId");
    }

    /** The payer pays at the simulated channel, which notifies the engine normally. */
    public static void pay(String channel, String paymentId) {
        pay(channel, paymentId, "NORMAL");
    }

    /** The payer pays at the simulated channel, whose notify goes as {@code notify} says (NORMAL, DROP, DUPLICATE…). */
    public static void pay(String channel, String paymentId, String notify) {
        given().contentType("application/json").body("{\"outcome\":\"SUCCESS\",\"notify\":\"" + notify + "\"}")
                .post(sim("/sim/" + (channel.equals("ALIPAY") ? "alipay" : "wechat-pay") + "/orders/"
                        + paymentId + "/pay"))
                .then().statusCode(200);
    }

    public static void awaitSucceeded(String paymentId) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/payments/" + paymentId).then()
                .body("status", equalTo("SUCCEEDED")));
    }

    /** Pays a bill end to end and waits until the engine has booked it; returns the payment id. */
    public static String payBill(String paymentCode, String channel) {
        String paymentId = start(paymentCode, channel);
        pay(channel, paymentId);
        awaitSucceeded(paymentId);
        return paymentId;
    }
}
