package io.govclear.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.Channel;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;

/**
 * A payer paying a bill over HTTP, on the channel asked for and no other. Channels are named as the engine names them
 * ({@link Channel}). Online (ALIPAY, WECHAT_PAY, UNIONPAY): checkout on the engine ({@link #start}), then the payer
 * pays at the channel's simulator ({@link #pay}), which notifies the engine. Bank counters (BANK_ICBC, BANK_ABC) have
 * no checkout: the payer pays at the simulated bank's counter ({@link #payBill}), whose teller queries the bill and
 * confirms the cash through the engine's signed counter API, so the bank's own records (its day-end file, its
 * refunds) have the payment too. {@link BankApi} plays the bank's side of that API by hand.
 */
public final class Payments {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Payments() {
    }

    /** The payer's checkout on a channel (null: the engine chooses), as it answers. */
    public static Response checkout(String paymentCode, String channel) {
        return given().contentType("application/json")
                .body(channel == null ? "{}" : "{\"channel\":\"" + channel + "\"}")
                .post("/api/v1/bills/" + paymentCode + "/payments");
    }

    /**
     * The payer starts paying on an online channel and gets the payment id. On UnionPay the payer's browser then posts
     * the signed consume form of the payUrl to UnionPay (the page does it by itself), so UnionPay knows the payment.
     */
    public static String start(String paymentCode, String channel) {
        online(channel);
        ExtractableResponse<Response> started = checkout(paymentCode, channel).then().statusCode(201)
                .body("channel", equalTo(channel)).body("status", equalTo("PENDING")).extract();
        if (Channel.valueOf(channel) == Channel.UNIONPAY) {
            UnionPayBrowser.open(started.path("payUrl")).then().statusCode(200);
        }
        return started.path("paymentId");
    }

    /** The payer pays at the channel, which notifies the engine normally. */
    public static void pay(String channel, String paymentId) {
        pay(channel, paymentId, "NORMAL");
    }

    /** The payer pays at the channel; the notify goes as {@code notify} says (NORMAL, DROP, DUPLICATE, DELAY…). */
    public static void pay(String channel, String paymentId, String notify) {
        payAtChannel(channel, paymentId, "SUCCESS", notify);
    }

    /** The payer's payment at the channel ends as {@code outcome} says (SUCCESS, FAIL), its notify as told. */
    public static void payAtChannel(String channel, String paymentId, String outcome, String notify) {
        online(channel);
        given().contentType("application/json").body("{\"outcome\":\"" + outcome + "\",\"notify\":\"" + notify + "\"}")
                .post(Simulators.channel(channel) + "/orders/" + paymentId + "/pay").then().statusCode(200);
    }

    /** The payment's status as the engine has it (PENDING, SUCCEEDED, CLOSED, …). */
    public static String status(String paymentId) {
        return given().get("/api/v1/payments/" + paymentId).then().statusCode(200).extract().path("status");
    }

    /** Waits until the payment has this status. */
    public static void awaitStatus(String paymentId, String status) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/payments/" + paymentId).then()
                .body("status", equalTo(status)));
    }

    public static void awaitSucceeded(String paymentId) {
        awaitStatus(paymentId, "SUCCEEDED");
    }

    /**
     * Pays the bill on the channel end to end and waits until the engine has booked it; returns the payment id (at a
     * bank counter: the confirmation number, the payment id of the attempt the confirm made).
     */
    public static String payBill(String paymentCode, String channel) {
        Channel known = Channel.valueOf(channel);
        String paymentId = known == Channel.BANK_ICBC || known == Channel.BANK_ABC
                ? payAtCounter(paymentCode, channel)
                : payOnline(paymentCode, channel);
        awaitSucceeded(paymentId);
        return paymentId;
    }

    private static String payOnline(String paymentCode, String channel) {
        String paymentId = start(paymentCode, channel);
        pay(channel, paymentId);
        return paymentId;
    }

    /** The simulated bank's teller queries the bill, takes the amount due and confirms it. */
    private static String payAtCounter(String paymentCode, String channel) {
        return given().contentType("application/json").body("{\"paymentCode\":\"" + paymentCode + "\"}")
                .post(Simulators.channel(channel) + "/counter-payments").then().statusCode(200)
                .body("query.code", equalTo("0000")).body("confirm.code", equalTo("0000"))
                .extract().path("confirmationNo");
    }

    private static void online(String channel) {
        Channel known = Channel.valueOf(channel);
        if (known == Channel.BANK_ICBC || known == Channel.BANK_ABC) {
            throw new IllegalArgumentException(channel + " takes payments at the bank counter, with no checkout:"
                    + " use payBill, or BankApi for the counter's own steps");
        }
    }

    /**
     * A traffic fine paid through Alipay whose notify the channel drops (the engine finds the payment by query), then
     * partly refunded by the unit with this reason; returns the payment code once the bill is PARTIALLY_REFUNDED.
     */
    public static String paidWithDroppedNotifyThenPartlyRefunded(long amountFen, long refundFen, String reason) {
        String code = Bills.issueFine(amountFen);
        String paymentId = start(code, "ALIPAY");
        pay("ALIPAY", paymentId, "DROP");
        awaitSucceeded(paymentId);
        UnitApi.as(Bills.TRAFFIC).post("/api/v1/orders/" + code + "/refunds", "{\"refundRequestNo\":\"R-" + paymentId
                + "\",\"amountFen\":" + refundFen + ",\"reason\":\"" + reason + "\"}").then().statusCode(201);
        await().atMost(WAIT).until(() -> "PARTIALLY_REFUNDED".equals(Bills.status(code)));
        return code;
    }
}
