package io.govclear.channel.wechatpay;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wechat.pay.java.core.auth.WechatPay2Credential;
import com.wechat.pay.java.core.auth.WechatPay2Validator;
import com.wechat.pay.java.core.cipher.AeadAesCipher;
import com.wechat.pay.java.core.cipher.RSASigner;
import com.wechat.pay.java.core.cipher.RSAVerifier;
import com.wechat.pay.java.core.http.HttpHeaders;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.core.util.PemUtil;
import com.wechat.pay.java.service.payments.model.Transaction;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.support.Simulators;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with WeChat Pay's official Java SDK (com.github.wechatpay-apiv3:wechatpay-java), in both
 * directions, so that the adapter and the simulator cannot agree on a private misreading of the protocol.
 */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class WechatPaySdkInteropTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    WechatPayChannel channel;

    @Inject
    WechatPayConfig config;


    @Inject
    WechatNotifySink sink;

    @TestHTTPResource("/test/wechat-notify-sink")
    URL notifyUrl;

    @Test
    void simulatorNotifyParsesWithTheSdkNotificationParser() {
        String id = WechatPayChannelTest.paymentId();
        channel.precreate(new PrecreateCommand(id, 8800, "考试报名费", null, notifyUrl.toString(), null))
                .await().atMost(WAIT);
        WechatPayNotifyTest.pay(id, "NORMAL");
        await().atMost(WAIT).until(() -> !sink.arrivals(id).isEmpty());
        InboundNotify sent = sink.arrivals(id).get(0).inbound();

        NotificationParser parser = new NotificationParser(new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(config.platformPublicKey())
                .publicKeyId(config.platformSerialNo())
                .apiV3Key(config.apiV3Key())
                .build());
        Transaction transaction = parser.parse(new RequestParam.Builder()
                .serialNumber(sent.headers().get("wechatpay-serial"))
                .nonce(sent.headers().get("wechatpay-nonce"))
                .signature(sent.headers().get("wechatpay-signature"))
                .timestamp(sent.headers().get("wechatpay-timestamp"))
                .signType(sent.headers().get("wechatpay-signature-type"))
                .body(new String(sent.body(), StandardCharsets.UTF_8))
                .build(), Transaction.class);

        TradeStatus queried = channel.query(id).await().atMost(WAIT);
        assertThat(transaction.getOutTradeNo()).isEqualTo(id);
        assertThat(transaction.getMchid()).isEqualTo(config.mchid());
        assertThat(transaction.getAppid()).isEqualTo(config.appid());
        assertThat(transaction.getTradeState()).isEqualTo(Transaction.TradeStateEnum.SUCCESS);
        assertThat(transaction.getTransactionId()).isEqualTo(queried.channelTradeNo());
        assertThat(transaction.getAmount().getTotal()).isEqualTo(8800);
        assertThat(OffsetDateTime.parse(transaction.getSuccessTime()).toInstant()).isEqualTo(queried.paidAt());
    }

    @Test
    void notifyBuiltWithTheSdkIsAcceptedByTheAdapter() {
        String plaintext = "{\"appid\":\"" + config.appid() + "\",\"mchid\":\"" + config.mchid()
                + "\",\"out_trade_no\":\"WXSDK0000001\",\"transaction_id\":\"4200002026112300000000000042\","
                + "\"trade_type\":\"NATIVE\",\"trade_state\":\"SUCCESS\",\"trade_state_desc\":\"支付成功\","
                + "\"bank_type\":\"OTHERS\",\"attach\":\"\",\"success_time\":\"2026-11-23T10:15:30+08:00\","
                + "\"payer\":{\"openid\":\"oSdk\"},\"amount\":{\"total\":4200,\"payer_total\":4200,"
                + "\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
        String nonce = "sdknonce1234";
        String ciphertext = new AeadAesCipher(config.apiV3Key().getBytes(StandardCharsets.UTF_8))
                .encrypt("transaction".getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8),
                        plaintext.getBytes(StandardCharsets.UTF_8));
        String body = NotifyFixture.envelope(ciphertext, nonce);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String headerNonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
        String signature = new RSASigner(config.platformSerialNo(),
                PemUtil.loadPrivateKeyFromString(Simulators.setting("wechat-pay.platform-private-key")))
                .sign(timestamp + "\n" + headerNonce + "\n" + body + "\n").getSign();

        NotifyVerification result = channel.verifyNotify(new InboundNotify(Map.of("wechatpay-timestamp", timestamp,
                "wechatpay-nonce", headerNonce, "wechatpay-signature", signature, "wechatpay-serial",
                config.platformSerialNo(), "wechatpay-signature-type", "WECHATPAY2-SHA256-RSA2048"),
                body.getBytes(StandardCharsets.UTF_8)));

        assertThat(result).isInstanceOf(Verified.class);
        assertThat(((Verified) result).message().paymentId()).isEqualTo("WXSDK0000001");
        assertThat(((Verified) result).message().amountFen()).isEqualTo(4200);
        assertThat(((Verified) result).message().kind()).isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void simulatorAcceptsSdkSignedRequestsAndItsAnswersPassTheSdkValidator() {
        String id = WechatPayChannelTest.paymentId();
        channel.precreate(new PrecreateCommand(id, 100, "x", null, notifyUrl.toString(), null)).await().atMost(WAIT);
        URI url = URI.create(sim("/sim/wechat-pay/v3/pay/transactions/out-trade-no/" + id + "?mchid="
                + config.mchid()));
        String authorization = new WechatPay2Credential(config.mchid(), new RSASigner(config.merchantSerialNo(),
                PemUtil.loadPrivateKeyFromString(config.merchantPrivateKey())))
                .getAuthorization(url, "GET", "");

        Response response = given().header("Authorization", authorization).accept("application/json").get(url);

        assertThat(response.statusCode()).isEqualTo(200);
        HttpHeaders headers = new HttpHeaders();
        for (String name : new String[] { "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature",
                "Wechatpay-Serial", "Request-ID" }) {
            headers.addHeader(name, response.header(name));
        }
        WechatPay2Validator validator = new WechatPay2Validator(new RSAVerifier(
                PemUtil.loadPublicKeyFromString(config.platformPublicKey()), config.platformSerialNo()));
        assertThat(validator.validate(headers, new String(response.asByteArray(), StandardCharsets.UTF_8))).isTrue();
        assertThat(response.jsonPath().getString("trade_state")).isEqualTo("NOTPAY");
    }
}
