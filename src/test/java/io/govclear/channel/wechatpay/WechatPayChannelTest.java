package io.govclear.channel.wechatpay;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.common.Yuan;
import io.govclear.support.Simulators;
import io.govclear.support.TestClock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The adapter against the WeChat Pay simulator, over real HTTP, both signing and checking signatures. */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class WechatPayChannelTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    WechatPayChannel channel;

    @Inject
    WechatPayConfig config;

    @Inject
    TestClock clock;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/test/wechat-notify-sink")
    URL notifyUrl;

    @TestHTTPResource("/test/wechat-stub")
    URL stubUrl;

    static String paymentId() {
        return "WX" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    PrecreateResult order(String paymentId, long amountFen) {
        return order(paymentId, amountFen, null);
    }

    PrecreateResult order(String paymentId, long amountFen, String returnUrl) {
        return channel.precreate(new PrecreateCommand(paymentId, amountFen, "交通罚款 Traffic fine",
                Instant.now().plus(Duration.ofMinutes(30)), notifyUrl.toString(), returnUrl)).await().atMost(WAIT);
    }

    /** Natively ordered and paid, without a notify. */
    String paidTrade(long amountFen) {
        String id = paymentId();
        assertThat(order(id, amountFen).kind()).isEqualTo(AnswerKind.SUCCESS);
        pay(id, "{\"notify\":\"DROP\"}");
        return id;
    }

    static void pay(String paymentId, String body) {
        given().contentType("application/json").body(body)
                .post(sim("/sim/wechat-pay/orders/{id}/pay"), paymentId)
                .then().statusCode(200);
    }

    RefundStatus refund(String paymentId, String refundId, long refundFen, long totalFen) {
        return channel.refund(new RefundCommand(paymentId, refundId, refundFen, totalFen, "多缴退费"))
                .await().atMost(WAIT);
    }

    @Test
    void paidTradeQueriesAsSuccessWithAmountTransactionIdAndTime() {
        String id = paymentId();
        PrecreateResult created = order(id, 20000);
        assertThat(created.kind()).as(created.detail()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(created.payUrl()).endsWith(sim("/sim/wechat-pay/pay/" + id));
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

    @Test
    void sameNativeOrderAgainIsTheSameTradeAndAnotherAmountIsRefused() {
        String id = paymentId();
        PrecreateResult first = order(id, 500);
        PrecreateResult again = order(id, 500);
        assertThat(again.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(again.payUrl()).isEqualTo(first.payUrl());

        PrecreateResult other = order(id, 600);
        assertThat(other.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(other.detail()).contains("403").contains("OUT_TRADE_NO_USED");
        assertThat(channel.query(id).await().atMost(WAIT).amountFen()).isEqualTo(500L);
    }

    @Test
    void malformedOrderNumberIsRefused() {
        PrecreateResult result = order("abc", 100);
        assertThat(result.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(result.detail()).contains("PARAM_ERROR");
    }

    @Test
    void closedUnpaidTradeQueriesAsFailureAndCannotBePaid() {
        String id = paymentId();
        order(id, 300);
        TradeStatus closed = channel.close(id).await().atMost(WAIT);
        assertThat(closed.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(channel.close(id).await().atMost(WAIT).kind()).as("closing twice").isEqualTo(AnswerKind.SUCCESS);

        TradeStatus status = channel.query(id).await().atMost(WAIT);
        assertThat(status.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(status.channelStatus()).isEqualTo("CLOSED");
        given().contentType("application/json").body("{}").post(sim("/sim/wechat-pay/orders/{id}/pay"), id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("TRADE_NOT_PAYABLE"));
    }

    @Test
    void paidTradeCannotBeClosed() {
        String id = paidTrade(300);
        TradeStatus closed = channel.close(id).await().atMost(WAIT);
        assertThat(closed.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(closed.channelStatus()).isEqualTo("ORDERPAID");
        assertThat(channel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void tradeWechatNeverSawQueriesAsFailure() {
        TradeStatus status = channel.query(paymentId()).await().atMost(WAIT);
        assertThat(status.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(status.channelStatus()).isEqualTo("ORDER_NOT_EXIST");
    }

    @Test
    void refundsPartThenTheRestButNeverMoreThanWasPaid() {
        String id = paidTrade(10000);
        String first = "RF" + id;
        RefundStatus part = refund(id, first, 3000, 10000);
        assertThat(part.kind()).as(part.detail()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(part.channelRefundNo()).hasSize(29).containsOnlyDigits();
        assertThat(refund(id, first, 3000, 10000).channelRefundNo()).as("same out_refund_no again")
                .isEqualTo(part.channelRefundNo());

        RefundStatus tooMuch = refund(id, "RG" + id, 7001, 10000);
        assertThat(tooMuch.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(tooMuch.detail()).contains("INVALID_REQUEST");
        RefundStatus rest = refund(id, "RG" + id, 7000, 10000);
        assertThat(rest.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(refund(id, "RH" + id, 1, 10000).kind()).as("nothing left").isEqualTo(AnswerKind.FAILURE);

        RefundStatus queried = channel.queryRefund(id, first).await().atMost(WAIT);
        assertThat(queried.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(queried.channelRefundNo()).isEqualTo(part.channelRefundNo());
        assertThat(channel.queryRefund(id, "RX" + id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);

        TradeStatus trade = channel.query(id).await().atMost(WAIT);
        assertThat(trade.channelStatus()).isEqualTo("REFUND");
        assertThat(trade.kind()).as("a refunded trade was paid").isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void unpaidTradeCannotBeRefunded() {
        String id = paymentId();
        order(id, 100);
        assertThat(refund(id, "RF" + id, 100, 100).kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void tradeBillIsVerifiedAgainstItsHashAndParsesBackToTheDaysLines() {
        String a = paidTrade(12345);
        String b = paidTrade(750);
        assertThat(refund(a, "RF" + a, 5000, 12345).kind()).isEqualTo(AnswerKind.SUCCESS);

        byte[] bytes = channel.downloadStatement(clock.today()).await().atMost(WAIT);

        assertThat(Arrays.copyOf(bytes, 3)).as("UTF-8 BOM").containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n");
        List<String> lines = List.of(text.split("\r\n"));
        assertThat(lines.get(0).split(",")).hasSize(27).startsWith("交易时间").endsWith("费率备注");
        assertThat(lines.get(lines.size() - 2))
                .isEqualTo("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额");
        List<List<String>> details = lines.subList(1, lines.size() - 2).stream().map(WechatPayChannelTest::fields)
                .toList();
        assertThat(details).allSatisfy(fields -> assertThat(fields).hasSize(27));

        List<String> paidA = line(details, a, "SUCCESS");
        assertThat(paidA.get(1)).isEqualTo(config.appid());
        assertThat(paidA.get(2)).isEqualTo(config.mchid());
        assertThat(paidA.get(5)).isEqualTo(channel.query(a).await().atMost(WAIT).channelTradeNo());
        assertThat(paidA.get(12)).isEqualTo("123.45");
        assertThat(paidA.get(22)).as("0.6 % of 123.45 is 0.7407").isEqualTo("0.74");
        assertThat(paidA.get(23)).isEqualTo("0.60%");
        assertThat(paidA.get(24)).isEqualTo("123.45");
        assertThat(line(details, b, "SUCCESS").get(22)).as("0.6 % of 7.50 is 0.045: half up").isEqualTo("0.05");
        List<String> refundA = line(details, a, "REFUND");
        assertThat(refundA.get(15)).isEqualTo("RF" + a);
        assertThat(refundA.get(16)).isEqualTo("50.00");
        assertThat(refundA.get(22)).isEqualTo("-0.30");
        assertThat(refundA.get(25)).isEqualTo("50.00");

        List<String> summary = fields(lines.get(lines.size() - 1));
        assertThat(summary).hasSize(7);
        assertThat(Long.parseLong(summary.get(0))).isEqualTo(details.size());
        assertThat(Yuan.parse(summary.get(1))).isEqualTo(sum(details, 12));
        assertThat(parseSigned(summary.get(4))).isEqualTo(details.stream().mapToLong(f -> parseSigned(f.get(22)))
                .sum());
        assertThat(Yuan.parse(summary.get(2))).isEqualTo(sum(details, 16));
        assertThat(Yuan.parse(summary.get(5))).isEqualTo(sum(details, 24));
        assertThat(Yuan.parse(summary.get(6))).isEqualTo(sum(details, 25));
    }

    @Test
    void billThatDoesNotMatchItsHashIsNotReturned() {
        paidTrade(100);
        WechatPayChannel stubbed = TestChannels.pointingAt(config, clock, json, stubUrl.toString(),
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> stubbed.downloadStatement(clock.today()).await().atMost(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SHA1");
    }

    @Test
    void dayWithoutTradesHasAnEmptyBill() {
        assertThat(channel.downloadStatement(clock.today().minusYears(5)).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void answersThatCannotBeTrustedAreUnknown() {
        WechatPayChannel stubbed = TestChannels.pointingAt(config, clock, json, stubUrl.toString(),
                Duration.ofSeconds(5));
        for (String trade : List.of("TAMPERED", "UNSIGNED", "STALE", "SYSTEMERR")) {
            TradeStatus status = stubbed.query(trade).await().atMost(WAIT);
            assertThat(status.kind()).as(trade).isEqualTo(AnswerKind.UNKNOWN);
            assertThat(status.detail()).as(trade).isNotBlank();
        }
    }

    @Test
    void answersSignedWithAnotherKeyOrSerialAreUnknown() throws Exception {
        String id = paidTrade(100);
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String otherKey = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        WechatPayChannel otherKeyChannel = TestChannels.trustingPlatformKey(config, clock, json, otherKey,
                config.platformSerialNo());
        WechatPayChannel otherSerialChannel = TestChannels.trustingPlatformKey(config, clock, json,
                config.platformPublicKey(), "PUB_KEY_ID_0000000000000000000000000000000000");

        assertThat(otherKeyChannel.query(id).await().atMost(WAIT).detail()).contains("signature does not verify");
        assertThat(otherSerialChannel.query(id).await().atMost(WAIT).detail()).contains("serial");
        assertThat(otherKeyChannel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);
        assertThat(otherKeyChannel.refund(new RefundCommand(id, "RF" + id, 100, 100, null)).await().atMost(WAIT)
                .kind()).isEqualTo(AnswerKind.UNKNOWN);
    }

    @Test
    void noAnswerInTimeIsUnknown() throws Exception {
        // a socket that accepts connections (the kernel does) but never answers
        try (ServerSocket silent = new ServerSocket(0)) {
            WechatPayChannel slow = TestChannels.pointingAt(config, clock, json,
                    "http://localhost:" + silent.getLocalPort(), Duration.ofMillis(300));
            long start = System.nanoTime();
            TradeStatus status = slow.query(paymentId()).await().atMost(WAIT);
            assertThat(status.kind()).isEqualTo(AnswerKind.UNKNOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(slow.precreate(new PrecreateCommand(paymentId(), 100, "x", null, notifyUrl.toString(), null))
                    .await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);
        }
    }

    @Test
    void simulatorRefusesRequestsWithoutAValidMerchantSignature() {
        String body = "{\"appid\":\"" + config.appid() + "\",\"mchid\":\"" + config.mchid() + "\",\"description\":"
                + "\"x\",\"out_trade_no\":\"" + paymentId() + "\",\"notify_url\":\"" + notifyUrl
                + "\",\"amount\":{\"total\":1}}";
        given().contentType("application/json").body(body).post(sim("/sim/wechat-pay/v3/pay/transactions/native"))
                .then().statusCode(401).body("code", equalTo("SIGN_ERROR")).header("Wechatpay-Signature", nullValue());
        given().contentType("application/json").body(body)
                .header("Authorization", "WECHATPAY2-SHA256-RSA2048 mchid=\"" + config.mchid() + "\",nonce_str=\"n\","
                        + "signature=\"AAAA\",timestamp=\"" + Instant.now().getEpochSecond() + "\",serial_no=\""
                        + config.merchantSerialNo() + "\"")
                .post(sim("/sim/wechat-pay/v3/pay/transactions/native"))
                .then().statusCode(401).body("code", equalTo("SIGN_ERROR"));
    }

    @Test
    void payerPagePaysAndReturnsToTheReturnUrl() {
        String id = paymentId();
        String returnUrl = "http://localhost/pay/33010626000000012348";
        PrecreateResult created = order(id, 20000, returnUrl);
        given().get(created.payUrl()).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("200.00")).body(containsString("value=\"pay\""));
        given().redirects().follow(false).formParam("action", "pay").formParam("return_url", "")
                .post(created.payUrl())
                .then().statusCode(303).header("Location", returnUrl);
        assertThat(channel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void payerWhoCancelsLeavesTheTradeUnpaid() {
        String id = paymentId();
        PrecreateResult created = order(id, 100);
        given().formParam("action", "cancel").post(created.payUrl()).then().statusCode(200)
                .body(containsString("Cancelled"));
        assertThat(channel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.WAITING);
    }

    private static List<String> fields(String line) {
        return Arrays.stream(line.split(",", -1))
                .peek(field -> assertThat(field).startsWith("`"))
                .map(field -> field.substring(1))
                .toList();
    }

    private static List<String> line(List<List<String>> details, String outTradeNo, String state) {
        return details.stream()
                .filter(f -> f.get(6).equals(outTradeNo) && f.get(9).equals(state))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + state + " line for " + outTradeNo));
    }

    private static long sum(List<List<String>> details, int column) {
        return details.stream().mapToLong(f -> Yuan.parse(f.get(column))).sum();
    }

    private static long parseSigned(String yuan) {
        return yuan.startsWith("-") ? -Yuan.parse(yuan.substring(1)) : Yuan.parse(yuan);
    }
}
