package io.govclear.channel.wechatpay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.support.FreeHttpPort;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The adapter against the WeChat Pay simulator, over real HTTP, both signing and checking signatures. */
@QuarkusTest
@WithTestResource(value = FreeHttpPort.class, scope = TestResourceScope.GLOBAL)
class WechatPayChannelTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    WechatPayChannel channel;

    @TestHTTPResource("/test/wechat-notify-sink")
    URL notifyUrl;

    static String paymentId() {
        return "WX" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    PrecreateResult order(String paymentId, long amountFen) {
        return channel.precreate(new PrecreateCommand(paymentId, amountFen, "交通罚款 Traffic fine",
                Instant.now().plus(Duration.ofMinutes(30)), notifyUrl.toString(), null)).await().atMost(WAIT);
    }

    static void pay(String paymentId, String body) {
        given().contentType("application/json").body(body)
                .post("/sim/wechat-pay/orders/{id}/pay", paymentId)
                .then().statusCode(200);
    }

    @Test
    void paidTradeQueriesAsSuccessWithAmountTransactionIdAndTime() {
        String id = paymentId();
        PrecreateResult created = order(id, 20000);
        assertThat(created.kind()).as(created.detail()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(created.payUrl()).contains("/sim/wechat-pay/pay/" + id);
        assertThat(channel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.WAITING);

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        pay(id, "{\"notify\":\"DROP\"}");

        TradeStatus status = channel.query(id).await().atMost(WAIT);
        assertThat(status.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(status.channelStatus()).isEqualTo("SUCCESS");
        assertThat(status.amountFen()).isEqualTo(20000L);
        assertThat(status.channelTradeNo()).hasSize(28).containsOnlyDigits();
        assertThat(status.paidAt()).isBetween(before, Instant.now());
    }
}
