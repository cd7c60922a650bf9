package io.govclear.channel.alipay;

import static io.govclear.channel.alipay.AlipayFixtures.pay;
import static io.govclear.channel.alipay.AlipayFixtures.paymentId;
import static io.govclear.channel.alipay.AlipayFixtures.precreate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.api.internal.util.AlipaySignature;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.NotifyMessage;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.channel.alipay.AlipayNotifySink.Arrival;
import io.govclear.support.Simulators;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's async notifies under each fault, received by a test merchant endpoint and verified by the adapter. */
@QuarkusTest
class AlipayNotifyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    // Longer than the first retry interval (4 min × 0.001), so a notify that should not come would have come
    private static final Duration QUIET = Duration.ofSeconds(1);

    @Inject
    AlipayChannel alipay;

    @Inject
    AlipayConfig config;

    @Inject
    AlipayNotifySink sink;

    @Test
    void normalNotifyArrivesOnceAndVerifies() {
        String id = precreated(12345);
        Instant before = Instant.now().minusSeconds(1);
        String tradeNo = pay(id, "{\"notify\":\"NORMAL\"}").then().statusCode(200).extract().path("tradeNo");

        await().atMost(WAIT).until(() -> sink.arrivals(id).size() == 1);
        Arrival arrival = sink.arrivals(id).get(0);
        assertThat(arrival.inbound().headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(arrival.params()).containsEntry("notify_type", "trade_status_sync")
                .containsEntry("sign_type", "RSA2")
                .containsEntry("charset", "utf-8")
                .containsEntry("version", "1.0")
                .containsEntry("receipt_amount", "123.45")
                .containsKeys("notify_time", "buyer_id", "gmt_create", "fund_bill_list", "subject");
        NotifyMessage message = verified(arrival);
        assertThat(message.paymentId()).isEqualTo(id);
        assertThat(message.channelTradeNo()).isEqualTo(tradeNo);
        assertThat(message.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(message.channelStatus()).isEqualTo("TRADE_SUCCESS");
        assertThat(message.amountFen()).isEqualTo(12345);
        assertThat(message.paidAt()).isBetween(before, Instant.now());
        assertThat(message.appId()).isEqualTo(config.appId());
        assertThat(message.merchantId()).isEqualTo(config.sellerId().orElseThrow());
        assertThat(message.notifyId()).isNotBlank();

        await().during(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> sink.arrivals(id).size() == 1);
    }

    @Test
    void notifyIsRetriedOnAlipaysScheduleUntilTheAnswerIsSuccess() {
        String id = precreated(2000);
        sink.failNext(id, 2);
        pay(id, "{}").then().statusCode(200);

        await().atMost(WAIT).until(() -> sink.arrivals(id).size() == 3);
        List<Arrival> arrivals = sink.arrivals(id);
        assertThat(arrivals).extracting(a -> a.params().get("notify_id")).containsOnly(
                arrivals.get(0).params().get("notify_id"));
        arrivals.forEach(this::verified);
        // 4 and 10 minutes, compressed; a little slack for timer granularity
        assertThat(Duration.between(arrivals.get(0).at(), arrivals.get(1).at())).isGreaterThanOrEqualTo(
                scaled(Duration.ofMinutes(4)).minusMillis(20));
        assertThat(Duration.between(arrivals.get(1).at(), arrivals.get(2).at())).isGreaterThanOrEqualTo(
                scaled(Duration.ofMinutes(10)).minusMillis(20));

        await().during(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> sink.arrivals(id).size() == 3);
    }

    @Test
    void duplicateFaultSendsTheSameNotifyTenTimesAtOnce() {
        String id = precreated(2000);
        pay(id, "{\"notify\":\"DUPLICATE\"}").then().statusCode(200);

        await().atMost(WAIT).until(() -> sink.arrivals(id).size() == 10);
        List<Arrival> arrivals = sink.arrivals(id);
        assertThat(arrivals).extracting(a -> new String(a.inbound().body(), StandardCharsets.UTF_8))
                .containsOnly(new String(arrivals.get(0).inbound().body(), StandardCharsets.UTF_8));
        verified(arrivals.get(0));
        await().during(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> sink.arrivals(id).size() == 10);
    }

    @Test
    void droppedNotifyNeverArrivesButTheQueryTellsTheTruth() {
        String id = precreated(2000);
        pay(id, "{\"notify\":\"DROP\"}").then().statusCode(200);

        await().during(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> sink.arrivals(id).isEmpty());
        assertThat(alipay.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void tamperedNotifyFailsVerificationAndIsRetriedTampered() {
        String id = precreated(2000);
        sink.failNext(id, 1);
        pay(id, "{\"notify\":\"TAMPER\"}").then().statusCode(200);

        await().atMost(WAIT).until(() -> sink.arrivals(id).size() == 2);
        for (Arrival arrival : sink.arrivals(id)) {
            assertThat(arrival.params()).containsEntry("total_amount", "21.00");
            NotifyVerification verification = alipay.verifyNotify(arrival.inbound());
            assertThat(verification).isInstanceOf(Rejected.class);
            assertThat(((Rejected) verification).claimedPaymentId()).isEqualTo(id);
            assertThat(((Rejected) verification).reason()).contains("signature");
        }
    }

    @Test
    void delayedNotifyComesOnlyAfterTheFirstRetryInterval() {
        String id = precreated(2000);
        Instant paidAt = Instant.now();
        pay(id, "{\"notify\":\"DELAY\"}").then().statusCode(200);

        await().atMost(WAIT).until(() -> sink.arrivals(id).size() == 1);
        Arrival arrival = sink.arrivals(id).get(0);
        assertThat(Duration.between(paidAt, arrival.at())).isGreaterThanOrEqualTo(scaled(Duration.ofMinutes(4)));
        assertThat(verified(arrival).kind()).isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void failedPaymentNotifiesAClosedTrade() {
        String id = precreated(2000);
        pay(id, "{\"outcome\":\"FAIL\"}").then().statusCode(200);

        await().atMost(WAIT).until(() -> sink.arrivals(id).size() == 1);
        NotifyMessage message = verified(sink.arrivals(id).get(0));
        assertThat(message.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(message.channelStatus()).isEqualTo("TRADE_CLOSED");
        assertThat(message.paidAt()).isNull();
        assertThat(alipay.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void simulatorNotifyVerifiesWithTheOfficialSdk() throws Exception {
        String id = precreated(99999);
        pay(id, "{}").then().statusCode(200);

        await().atMost(WAIT).until(() -> sink.arrivals(id).size() == 1);
        // rsaCheckV1 removes sign and sign_type from the map it is given
        assertThat(AlipaySignature.rsaCheckV1(new HashMap<>(sink.arrivals(id).get(0).params()),
                config.alipayPublicKey(), "utf-8", "RSA2")).isTrue();
    }

    private String precreated(long amountFen) {
        String id = paymentId();
        assertThat(alipay.precreate(precreate(id, amountFen)).await().atMost(WAIT).kind())
                .isEqualTo(AnswerKind.SUCCESS);
        return id;
    }

    private NotifyMessage verified(Arrival arrival) {
        NotifyVerification verification = alipay.verifyNotify(arrival.inbound());
        assertThat(verification).isInstanceOf(Verified.class);
        return ((Verified) verification).message();
    }

    private Duration scaled(Duration real) {
        return Duration.ofMillis(Math.round(real.toMillis() * Simulators.TIME_SCALE));
    }
}
