package io.govclear.channel.alipay;

import static io.govclear.channel.alipay.AlipayFixtures.paymentId;
import static io.govclear.channel.alipay.AlipayFixtures.precreate;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.internal.util.AlipaySignature;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.StatementDownload;
import io.govclear.channel.http.ChannelHttp;
import io.govclear.support.Simulators;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter against gateways that misbehave: silent, refusing, failing, lying. Never an exception: UNKNOWN. */
@QuarkusTest
class AlipayGatewayFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    AlipayConfig config;


    @Inject
    Clock clock;

    @Inject
    FakeAlipayGateway fake;

    @Inject
    ChannelHttp http;

    @Inject
    StatementDownload downloads;

    private AlipayChannel channel;

    @Test
    void gatewayThatAcceptsButNeverAnswersIsUnknownAfterTheReadTimeout() throws IOException {
        // The kernel completes the connection (backlog); nobody ever reads or answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            channel = at("http://127.0.0.1:" + silent.getLocalPort() + "/gateway.do");
            long started = System.nanoTime();

            var answers = Uni.combine().all().unis(channel.precreate(precreate(paymentId(), 100)), channel.query("P1"))
                    .asTuple()
                    .await().atMost(WAIT);

            assertThat(answers.getItem1().kind()).isEqualTo(AnswerKind.UNKNOWN);
            assertThat(answers.getItem2().kind()).isEqualTo(AnswerKind.UNKNOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
                    config.readTimeout().minusMillis(100));
        }
    }

    @Test
    void gatewayThatRefusesConnectionsIsUnknown() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        channel = at("http://127.0.0.1:" + port + "/gateway.do");

        assertThat(channel.query("P1").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);
        assertThat(channel.refund(new RefundCommand("P1", "R1", 100, 100, "x")).await().atMost(WAIT).kind())
                .isEqualTo(AnswerKind.UNKNOWN);
        assertThat(channel.close("P1").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);
    }

    @Test
    void serverErrorIsUnknown() {
        channel = at(FakeAlipayGateway.url(RestAssured.port));
        fake.script(503, "busy");

        TradeStatus status = channel.query("P1").await().atMost(WAIT);

        assertThat(status.kind()).isEqualTo(AnswerKind.UNKNOWN);
        assertThat(status.detail()).contains("503");
    }

    @Test
    void answerSignedByAlipayIsTrustedAndAnyOtherIsUnknown() {
        channel = at(FakeAlipayGateway.url(RestAssured.port));
        String node = queryNode("P2", "TRADE_SUCCESS", "20.00");

        fake.script(200, answer("alipay_trade_query_response", node, signedByAlipay(node)));
        assertThat(channel.query("P2").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);

        fake.script(200, answer("alipay_trade_query_response", node, Rsa2.sign(node,
                Rsa2.privateKey(config.privateKey()))));
        assertThat(channel.query("P2").await().atMost(WAIT).detail()).contains("does not verify");

        fake.script(200, "{\"alipay_trade_query_response\":" + node + "}");
        assertThat(channel.query("P2").await().atMost(WAIT).detail()).contains("not signed");

        String forged = queryNode("P2", "TRADE_SUCCESS", "2000.00");
        fake.script(200, answer("alipay_trade_query_response", forged, signedByAlipay(node)));
        assertThat(channel.query("P2").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);

        fake.script(200, "<html>gateway maintenance</html>");
        assertThat(channel.query("P2").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);
    }

    @Test
    void signatureCoversTheNodeTextExactlyAsSentWhateverItsSpacing() {
        channel = at(FakeAlipayGateway.url(RestAssured.port));
        String node = "{ \"code\" : \"10000\", \"msg\" : \"Success\", \"out_trade_no\" : \"P3\",\n"
                + "  \"trade_no\" : \"2026112322001400000000000001\", \"trade_status\" : \"WAIT_BUYER_PAY\","
                + " \"total_amount\" : \"0.01\", \"nested\" : {\"a\" : [1, {\"b\" : \"}\"}]} }";
        fake.script(200, "{\"sign\" : \"" + signedByAlipay(node) + "\",\n \"alipay_trade_query_response\" : "
                + node + " }");

        TradeStatus status = channel.query("P3").await().atMost(WAIT);

        assertThat(status.kind()).isEqualTo(AnswerKind.WAITING);
        assertThat(status.amountFen()).isEqualTo(1);
    }

    @Test
    void malformedAmountInASignedAnswerIsUnknownNeverRounded() {
        channel = at(FakeAlipayGateway.url(RestAssured.port));
        String node = queryNode("P4", "TRADE_SUCCESS", "20.001");
        fake.script(200, answer("alipay_trade_query_response", node, signedByAlipay(node)));

        TradeStatus status = channel.query("P4").await().atMost(WAIT);

        assertThat(status.kind()).isEqualTo(AnswerKind.UNKNOWN);
        assertThat(status.amountFen()).isNull();
    }

    @Test
    void answerAboutAnotherTradeIsUnknown() {
        channel = at(FakeAlipayGateway.url(RestAssured.port));
        String node = queryNode("P-OTHER", "TRADE_SUCCESS", "20.00");
        fake.script(200, answer("alipay_trade_query_response", node, signedByAlipay(node)));

        assertThat(channel.query("P5").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);
    }

    @Test
    void systemErrorsAreUnknownAndBusinessRefusalsAreFailures() {
        channel = at(FakeAlipayGateway.url(RestAssured.port));
        String id = paymentId();

        assertThat(precreateAnswered(id, error("40004", "ACQ.SYSTEM_ERROR"))).isEqualTo(AnswerKind.UNKNOWN);
        assertThat(precreateAnswered(id, error("20000", "isp.unknow-error"))).isEqualTo(AnswerKind.UNKNOWN);
        assertThat(precreateAnswered(id, error("40004", "ACQ.TRADE_HAS_CLOSE"))).isEqualTo(AnswerKind.FAILURE);
        assertThat(precreateAnswered(id, error("40002", "isv.invalid-signature"))).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void requestsAreSignedAsTheOfficialSdkChecksThem() throws Exception {
        channel = at(FakeAlipayGateway.url(RestAssured.port));
        fake.script(200, "{}");
        String id = paymentId();

        channel.precreate(precreate(id, 12345)).await().atMost(WAIT);

        Map<String, String> request = fake.lastRequest();
        assertThat(request).containsEntry("app_id", config.appId())
                .containsEntry("method", "alipay.trade.precreate")
                .containsEntry("format", "JSON")
                .containsEntry("charset", "utf-8")
                .containsEntry("sign_type", "RSA2")
                .containsEntry("version", "1.0")
                .containsEntry("notify_url", AlipayNotifySink.url(RestAssured.port));
        assertThat(request.get("timestamp")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(request.get("biz_content")).contains("\"out_trade_no\":\"" + id + "\"")
                .contains("\"total_amount\":\"123.45\"")
                .contains("\"timeout_express\":\"29m\"");
        // The SDK's request check: every parameter but sign (sign_type included), as Alipay's gateway verifies it
        assertThat(AlipaySignature.rsaCheckV2(new HashMap<>(request), Simulators.setting("alipay.merchant-public-key"),
                "utf-8", "RSA2")).isTrue();
    }

    private AnswerKind precreateAnswered(String id, String node) {
        fake.script(200, answer("alipay_trade_precreate_response", node, signedByAlipay(node)));
        return channel.precreate(precreate(id, 100)).await().atMost(WAIT).kind();
    }

    private AlipayChannel at(String gatewayUrl) {
        return new AlipayChannel(config, clock, () -> gatewayUrl, http, downloads);
    }

    private String signedByAlipay(String node) {
        return Rsa2.sign(node, Rsa2.privateKey(Simulators.setting("alipay.alipay-private-key")));
    }

    private static String queryNode(String outTradeNo, String status, String amount) {
        return "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"" + outTradeNo
                + "\",\"trade_no\":\"2026112322001400000000000001\",\"trade_status\":\"" + status
                + "\",\"total_amount\":\"" + amount + "\",\"send_pay_date\":\"2026-11-23 10:15:31\"}";
    }

    private static String error(String code, String subCode) {
        return "{\"code\":\"" + code + "\",\"msg\":\"Business Failed\",\"sub_code\":\"" + subCode
                + "\",\"sub_msg\":\"…\"}";
    }

    private static String answer(String nodeName, String node, String sign) {
        return "{\"" + nodeName + "\":" + node + ",\"sign\":\"" + sign + "\"}";
    }
}
