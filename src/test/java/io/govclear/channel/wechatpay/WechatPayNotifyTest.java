package io.govclear.channel.wechatpay;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.NotifyMessage;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.channel.wechatpay.WechatNotifySink.Arrival;
import io.govclear.support.Simulators;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's notifies as the adapter sees them, through a test merchant endpoint ({@link WechatNotifySink}):
 * time scale 0.001 turns WeChat's 15 s retry interval into 15 ms.
 */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class WechatPayNotifyTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    /** Long enough for any retry that should not happen: the first four intervals add up to 240 ms. */
    static final Duration QUIET = Duration.ofMillis(500);

    @Inject
    WechatPayChannel channel;

    @Inject
    WechatNotifySink sink;

    @TestHTTPResource("/test/wechat-notify-sink")
    URL notifyUrl;

    String orderedTrade(long amountFen) {
        String id = WechatPayChannelTest.paymentId();
        assertThat(channel.precreate(new PrecreateCommand(id, amountFen, "学费 Tuition", null, notifyUrl.toString(),
                null)).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
        return id;
    }

    static void pay(String id, String fault) {
        given().contentType("application/json").body("{\"notify\":\"" + fault + "\"}")
                .post(sim("/sim/wechat-pay/orders/{id}/pay"), id)
                .then().statusCode(200).body("trade_state", equalTo("SUCCESS")).body("out_trade_no", equalTo(id));
    }

    List<Arrival> arrivalsOnceSettled(String id, int expected) {
        await().atMost(WAIT).until(() -> sink.arrivals(id).size() >= expected);
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> sink.arrivals(id).size() == expected);
        return sink.arrivals(id);
    }

    @Test
    void normalNotifyArrivesOnceVerifiedAndDecrypted() {
        String id = orderedTrade(20000);
        pay(id, "NORMAL");

        List<Arrival> arrivals = arrivalsOnceSettled(id, 1);
        Arrival arrival = arrivals.get(0);
        assertThat(arrival.verification()).isInstanceOf(Verified.class);
        assertThat(arrival.answered()).isEqualTo(204);
        assertThat(arrival.inbound().headers()).containsEntry("wechatpay-signature-type", "WECHATPAY2-SHA256-RSA2048")
                .containsKeys("wechatpay-timestamp", "wechatpay-nonce", "wechatpay-signature", "wechatpay-serial");
        NotifyMessage message = ((Verified) arrival.verification()).message();
        TradeStatus queried = channel.query(id).await().atMost(WAIT);
        assertThat(message.paymentId()).isEqualTo(id);
        assertThat(message.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(message.channelStatus()).isEqualTo("SUCCESS");
        assertThat(message.amountFen()).isEqualTo(20000);
        assertThat(message.channelTradeNo()).isEqualTo(queried.channelTradeNo());
        assertThat(message.paidAt()).isEqualTo(queried.paidAt());
        assertThat(message.notifyId()).startsWith("EV-");
        assertThat(message.merchantId()).isEqualTo("1900000109");
    }

    @Test
    void notifyIsSentAgainUntilTheMerchantAcknowledgesIt() {
        String id = orderedTrade(100);
        sink.failFirst(id, 3);
        pay(id, "NORMAL");

        List<Arrival> arrivals = arrivalsOnceSettled(id, 4);
        assertThat(arrivals).extracting(Arrival::answered).containsExactly(500, 500, 500, 204);
        assertThat(arrivals).allMatch(Arrival::verified);
        assertThat(arrivals).extracting(a -> ((Verified) a.verification()).message().notifyId()).containsOnly(
                ((Verified) arrivals.get(0).verification()).message().notifyId());
        assertThat(arrivals).extracting(a -> a.inbound().headers().get("wechatpay-nonce")).as("signed afresh")
                .doesNotHaveDuplicates();
    }

    @Test
    void duplicateSendsTheSameNotifyTenTimesAtOnce() {
        String id = orderedTrade(100);
        pay(id, "DUPLICATE");

        List<Arrival> arrivals = arrivalsOnceSettled(id, 10);
        assertThat(arrivals).allMatch(Arrival::verified);
        assertThat(arrivals).extracting(a -> ((Verified) a.verification()).message().notifyId()).containsOnly(
                ((Verified) arrivals.get(0).verification()).message().notifyId());
    }

    @Test
    void droppedNotifyNeverComesButTheQuerySaysPaid() {
        String id = orderedTrade(100);
        pay(id, "DROP");

        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> sink.arrivals(id).isEmpty());
        assertThat(channel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void tamperedNotifyIsRejectedEveryTimeItIsSent() {
        String id = orderedTrade(100);
        pay(id, "TAMPER");

        await().atMost(WAIT).until(() -> sink.arrivals(id).size() >= 3);
        assertThat(sink.arrivals(id)).allSatisfy(arrival -> {
            assertThat(arrival.verification()).isInstanceOf(Rejected.class);
            assertThat(((Rejected) arrival.verification()).reason()).contains("signature");
            assertThat(((Rejected) arrival.verification()).claimedPaymentId()).isEqualTo(id);
            assertThat(arrival.answered()).isEqualTo(500);
        });
        assertThat(channel.query(id).await().atMost(WAIT).amountFen()).isEqualTo(100L);
    }

    @Test
    void delayedNotifyStillArrives() {
        String id = orderedTrade(100);
        pay(id, "DELAY");

        assertThat(arrivalsOnceSettled(id, 1).get(0).verified()).isTrue();
    }

    @Test
    void failedPaymentIsPayErrorAndSendsNoNotify() {
        String id = orderedTrade(100);
        given().contentType("application/json").body("{\"outcome\":\"FAIL\"}")
                .post(sim("/sim/wechat-pay/orders/{id}/pay"), id)
                .then().statusCode(200).body("trade_state", equalTo("PAYERROR"));

        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> sink.arrivals(id).isEmpty());
        assertThat(channel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void controlAnswersProblemsForUnknownAndAlreadyPaidTrades() {
        given().post(sim("/sim/wechat-pay/orders/{id}/pay"), "NOSUCHTRADE1").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("TRADE_NOT_FOUND"));
        String id = orderedTrade(100);
        pay(id, "DROP");
        given().contentType("application/json").body("{}").post(sim("/sim/wechat-pay/orders/{id}/pay"), id)
                .then().statusCode(409).body("code", equalTo("TRADE_NOT_PAYABLE"));
    }
}
