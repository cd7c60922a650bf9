package io.govclear.channel.alipay;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;

import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.support.Simulators;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

/** Shared steps of the Alipay tests. */
final class AlipayFixtures {

    private AlipayFixtures() {
    }

    /** A fresh merchant order number, as the engine's payment ids look to Alipay. */
    static String paymentId() {
        return "P" + System.currentTimeMillis() + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    }

    static PrecreateCommand precreate(String paymentId, long amountFen) {
        return new PrecreateCommand(paymentId, amountFen, "交通违法罚款 " + paymentId,
                Instant.now().plus(30, ChronoUnit.MINUTES), AlipayNotifySink.url(RestAssured.port), null);
    }

    /** The payer opens the QR code's page: from now on the trade exists at Alipay. */
    static void scan(String paymentId) {
        given().get(sim("/sim/alipay/pay/{id}"), paymentId).then().statusCode(200);
    }

    /** The simulator's control call: the payer pays (or fails) with this notify fault. */
    static Response pay(String paymentId, String body) {
        return given().contentType("application/json")
                .body(body)
                .post(sim("/sim/alipay/orders/{id}/pay"), paymentId);
    }
}
