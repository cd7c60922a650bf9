package io.govclear.simulator.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.channel.wechatpay.WechatNotifySink;
import io.govclear.channel.wechatpay.WechatNotifySink.Arrival;
import io.govclear.simulator.PayRequest.NotifyFault;
import io.govclear.support.FreeHttpPort;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WeChat's notify schedule, measured: at time scale 0.02 the first interval (15 s) is 300 ms, long enough that a
 * timer firing early or not at all cannot hide in scheduling noise.
 */
@QuarkusTest
@WithTestResource(value = FreeHttpPort.class, scope = TestResourceScope.GLOBAL)
class NotifyScheduleTest {

    static final Duration FIRST_INTERVAL = Duration.ofMillis(300);

    @Inject
    Vertx vertx;

    @Inject
    SimulatorKeys keys;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    WechatNotifySink sink;

    @TestHTTPResource("/test/wechat-notify-sink")
    URL notifyUrl;

    NotifyDelivery delivery;

    @BeforeEach
    void slowerSchedule() {
        delivery = new NotifyDelivery(vertx, keys, json, clock, 0.02, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        delivery.closeClient();
    }

    SimTrade paidTrade() {
        String id = "WXS" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Instant now = clock.instant();
        return new SimTrade(id, keys.appid(), keys.mchid(), "x", 100, notifyUrl.toString(), null, now,
                now.plusSeconds(60), TradeState.SUCCESS, "4200002026112300000000000099", "oSim", now, 0);
    }

    @Test
    void delayedNotifyWaitsTheFirstInterval() {
        SimTrade trade = paidTrade();
        Instant sent = Instant.now();
        delivery.send(trade, NotifyFault.DELAY);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.arrivals(trade.outTradeNo()).size() == 1);
        assertThat(Duration.between(sent, sink.arrivals(trade.outTradeNo()).get(0).at()))
                .isGreaterThanOrEqualTo(FIRST_INTERVAL);
    }

    @Test
    void normalNotifyIsSentAtOnceAndRetriedAfter15sThen15sThen30s() {
        SimTrade trade = paidTrade();
        sink.failFirst(trade.outTradeNo(), 3);
        Instant sent = Instant.now();
        delivery.send(trade, NotifyFault.NORMAL);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.arrivals(trade.outTradeNo()).size() == 4);
        List<Instant> at = sink.arrivals(trade.outTradeNo()).stream().map(Arrival::at).toList();
        assertThat(Duration.between(sent, at.get(0))).isLessThan(FIRST_INTERVAL);
        assertThat(Duration.between(at.get(0), at.get(1))).isGreaterThanOrEqualTo(FIRST_INTERVAL);
        assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(FIRST_INTERVAL);
        assertThat(Duration.between(at.get(2), at.get(3))).isGreaterThanOrEqualTo(FIRST_INTERVAL.multipliedBy(2));
    }
}
