package io.govclear.simulator.unionpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.channel.unionpay.UnionPayNotifySink;
import io.govclear.channel.unionpay.UnionPayNotifySink.Arrival;
import io.govclear.simulator.PayRequest.NotifyFault;
import io.govclear.support.FreeHttpPort;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UnionPay's resend schedule, measured: 5 sends in all, 0, 1, 2 and 4 minutes apart. At time scale 0.005 a minute is
 * 300 ms, long enough that a timer firing early or not at all cannot hide in scheduling noise.
 */
@QuarkusTest
@WithTestResource(value = FreeHttpPort.class, scope = TestResourceScope.GLOBAL)
class UnionPayNotifierTest {

    static final Duration MINUTE = Duration.ofMillis(300);

    @Inject
    Vertx vertx;

    @Inject
    UnionPaySimulator simulator;

    @Inject
    UnionPayNotifySink sink;

    @TestHTTPResource("/test/unionpay-notify-sink")
    URL backUrl;

    UnionPayNotifier notifier;

    @BeforeEach
    void slowerSchedule() {
        notifier = new UnionPayNotifier(vertx, 0.005, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        notifier.closeClient();
    }

    /** A paid consume's notify as the simulator signs it. */
    Map<String, String> signedNotify(String orderId) {
        Instant now = Instant.now();
        return simulator.signedNotify(SimTxn.consume(orderId, "20261123100000", 12345, "777290058110048", null,
                backUrl.toString(), null, null).paid("202611231000000000001", "000001", now, 74));
    }

    @Test
    void unansweredNotifyIsSentFiveTimesInAllAtZeroOneTwoFourMinuteIntervals() {
        String orderId = orderId();
        sink.failFirst(orderId, 100);
        Instant sent = Instant.now();
        notifier.send(backUrl.toString(), signedNotify(orderId), NotifyFault.NORMAL);

        await().atMost(Duration.ofSeconds(15)).until(() -> sink.arrivals(orderId).size() == 5);
        List<Instant> at = sink.arrivals(orderId).stream().map(Arrival::at).toList();
        assertThat(Duration.between(sent, at.get(0))).isLessThan(MINUTE);
        assertThat(Duration.between(at.get(0), at.get(1))).isLessThan(MINUTE);
        assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(MINUTE);
        assertThat(Duration.between(at.get(2), at.get(3))).isGreaterThanOrEqualTo(MINUTE.multipliedBy(2));
        assertThat(Duration.between(at.get(3), at.get(4))).isGreaterThanOrEqualTo(MINUTE.multipliedBy(4));
        // and then no more
        await().pollDelay(MINUTE.multipliedBy(6)).atMost(Duration.ofSeconds(5))
                .until(() -> sink.arrivals(orderId).size() == 5);
        assertThat(sink.arrivals(orderId)).allMatch(a -> a.verification() instanceof Verified);
    }

    @Test
    void answeredNotifyIsNotSentAgain() {
        String orderId = orderId();
        notifier.send(backUrl.toString(), signedNotify(orderId), NotifyFault.NORMAL);
        await().pollDelay(MINUTE.multipliedBy(2)).atMost(Duration.ofSeconds(5))
                .until(() -> sink.arrivals(orderId).size() == 1);
    }

    @Test
    void delayedNotifyWaitsAMinute() {
        String orderId = orderId();
        Instant sent = Instant.now();
        notifier.send(backUrl.toString(), signedNotify(orderId), NotifyFault.DELAY);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.arrivals(orderId).size() == 1);
        assertThat(Duration.between(sent, sink.arrivals(orderId).get(0).at())).isGreaterThanOrEqualTo(MINUTE);
    }

    @Test
    void tamperedNotifyFailsVerificationAndDuplicateComesTenTimes() {
        String tampered = orderId();
        notifier.send(backUrl.toString(), signedNotify(tampered), NotifyFault.TAMPER);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.arrivals(tampered).size() == 5);
        assertThat(sink.arrivals(tampered)).allMatch(a -> a.verification() instanceof Rejected r
                && r.reason().contains("signature"));

        String duplicated = orderId();
        notifier.send(backUrl.toString(), new TreeMap<>(signedNotify(duplicated)), NotifyFault.DUPLICATE);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.arrivals(duplicated).size() == 10);
    }

    static String orderId() {
        return "UPN" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
