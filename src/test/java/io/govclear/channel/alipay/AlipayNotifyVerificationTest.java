package io.govclear.channel.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.internal.util.AlipaySignature;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyMessage;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.common.Clocks;
import io.govclear.support.Simulators;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** verifyNotify on hand-made notifies, signed by Alipay's official SDK with the simulator's (Alipay's) key. */
@QuarkusTest
class AlipayNotifyVerificationTest {

    @Inject
    AlipayChannel alipay;

    @Inject
    AlipayConfig config;


    @Test
    void notifySignedByTheOfficialSdkVerifies() throws Exception {
        Map<String, String> params = notify("P20261123001", "TRADE_SUCCESS", "200.00");

        NotifyVerification verification = alipay.verifyNotify(inbound(signedBySdk(params)));

        assertThat(verification).isInstanceOf(Verified.class);
        NotifyMessage message = ((Verified) verification).message();
        assertThat(message.notifyId()).isEqualTo("2026112300222102030012345678");
        assertThat(message.paymentId()).isEqualTo("P20261123001");
        assertThat(message.channelTradeNo()).isEqualTo("2026112322001400000000000042");
        assertThat(message.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(message.amountFen()).isEqualTo(20000);
        assertThat(message.paidAt()).isEqualTo(LocalDateTime.of(2026, 11, 23, 10, 15, 31)
                .atZone(Clocks.BUSINESS_ZONE).toInstant());
        assertThat(message.channelStatus()).isEqualTo("TRADE_SUCCESS");
        assertThat(message.appId()).isEqualTo(config.appId());
        assertThat(message.merchantId()).isEqualTo(config.sellerId().orElseThrow());
    }

    @Test
    void tradeStatusIsClassifiedAsForAQuery() throws Exception {
        assertThat(kindOf(notify("P1", "TRADE_FINISHED", "1.00"))).isEqualTo(AnswerKind.SUCCESS);
        assertThat(kindOf(notify("P1", "WAIT_BUYER_PAY", "1.00"))).isEqualTo(AnswerKind.WAITING);
        assertThat(kindOf(notify("P1", "TRADE_CLOSED", "1.00"))).isEqualTo(AnswerKind.FAILURE);
        assertThat(kindOf(notify("P1", "TRADE_PENDING", "1.00"))).isEqualTo(AnswerKind.UNKNOWN);
    }

    @Test
    void notifyChangedAfterSigningIsRejected() throws Exception {
        Map<String, String> params = signedBySdk(notify("P20261123002", "TRADE_SUCCESS", "200.00"));
        params.put("total_amount", "2000.00");

        assertRejected(params, "signature", "P20261123002");
    }

    @Test
    void notifySignedWithAnotherKeyIsRejected() throws Exception {
        Map<String, String> params = notify("P20261123003", "TRADE_SUCCESS", "200.00");
        // Our own app key: right format, wrong signer
        params.put("sign", AlipaySignature.rsaSign(AlipaySignature.getSignCheckContentV1(params), config.privateKey(),
                "utf-8", "RSA2"));
        params.put("sign_type", "RSA2");

        assertRejected(params, "signature", "P20261123003");
    }

    @Test
    void notifyForAnotherAppIsRejectedEvenWhenAlipaySignedIt() throws Exception {
        Map<String, String> params = notify("P20261123004", "TRADE_SUCCESS", "200.00");
        params.put("app_id", "2021009999999999");

        assertRejected(signedBySdk(params), "app_id", "P20261123004");
    }

    @Test
    void notifyForAnotherSellerIsRejected() throws Exception {
        Map<String, String> params = notify("P20261123005", "TRADE_SUCCESS", "200.00");
        params.put("seller_id", "2088999999999999");

        assertRejected(signedBySdk(params), "seller_id", "P20261123005");
    }

    @ParameterizedTest
    @ValueSource(strings = { "20.001", "-20.00", "20,00", "2e1", "" })
    void malformedAmountIsRejectedNeverRounded(String amount) throws Exception {
        assertRejected(signedBySdk(notify("P20261123006", "TRADE_SUCCESS", amount)),
                amount.isEmpty() ? "total_amount" : "amount", "P20261123006");
    }

    @ParameterizedTest
    @ValueSource(strings = { "notify_id", "app_id", "out_trade_no", "trade_no", "trade_status", "total_amount" })
    void notifyMissingARequiredFieldIsRejected(String field) throws Exception {
        Map<String, String> params = notify("P20261123007", "TRADE_SUCCESS", "200.00");
        params.remove(field);

        NotifyVerification verification = alipay.verifyNotify(inbound(signedBySdk(params)));

        assertThat(verification).isInstanceOf(Rejected.class);
    }

    @Test
    void malformedPaymentTimeIsRejected() throws Exception {
        Map<String, String> params = notify("P20261123008", "TRADE_SUCCESS", "200.00");
        params.put("gmt_payment", "2026-11-23T10:15:31");

        assertRejected(signedBySdk(params), "time", "P20261123008");
    }

    @Test
    void unsignedOrUnreadableNotifyIsRejected() {
        assertRejected(notify("P20261123009", "TRADE_SUCCESS", "200.00"), "not signed", "P20261123009");

        NotifyVerification garbage = alipay.verifyNotify(new InboundNotify(Map.of(),
                "out_trade_no=%zz&sign=x".getBytes(StandardCharsets.UTF_8)));
        assertThat(garbage).isInstanceOf(Rejected.class);
        assertThat(((Rejected) garbage).claimedPaymentId()).isNull();

        NotifyVerification twice = alipay.verifyNotify(new InboundNotify(Map.of(),
                "total_amount=1.00&total_amount=100.00".getBytes(StandardCharsets.UTF_8)));
        assertThat(twice).isInstanceOf(Rejected.class);
    }

    @Test
    void replyTellsAlipayWhetherToSendAgain() {
        assertThat(alipay.reply(true)).isEqualTo(new ChannelReply(200, "text/plain", "success"));
        assertThat(alipay.reply(false)).isEqualTo(new ChannelReply(200, "text/plain", "failure"));
    }

    private Map<String, String> notify(String outTradeNo, String tradeStatus, String totalAmount) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notify_time", "2026-11-23 10:15:32");
        params.put("notify_type", "trade_status_sync");
        params.put("notify_id", "2026112300222102030012345678");
        params.put("app_id", config.appId());
        params.put("charset", "utf-8");
        params.put("version", "1.0");
        params.put("trade_no", "2026112322001400000000000042");
        params.put("out_trade_no", outTradeNo);
        params.put("buyer_id", "2088102199990000");
        params.put("seller_id", config.sellerId().orElseThrow());
        params.put("trade_status", tradeStatus);
        params.put("total_amount", totalAmount);
        params.put("receipt_amount", totalAmount);
        params.put("subject", "交通违法罚款 & 滞纳金 = 200元");
        params.put("gmt_create", "2026-11-23 10:15:01");
        params.put("gmt_payment", "2026-11-23 10:15:31");
        params.put("fund_bill_list", "[{\"amount\":\"200.00\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
        return params;
    }

    /** Signs as Alipay does, with the official SDK and the key the simulator holds for Alipay. */
    private Map<String, String> signedBySdk(Map<String, String> params) throws Exception {
        String sign = AlipaySignature.rsaSign(AlipaySignature.getSignCheckContentV1(params),
                Simulators.setting("alipay.alipay-private-key"), "utf-8", "RSA2");
        params.put("sign_type", "RSA2");
        params.put("sign", sign);
        return params;
    }

    private AnswerKind kindOf(Map<String, String> params) throws Exception {
        NotifyVerification verification = alipay.verifyNotify(inbound(signedBySdk(params)));
        assertThat(verification).isInstanceOf(Verified.class);
        return ((Verified) verification).message().kind();
    }

    private void assertRejected(Map<String, String> params, String reason, String claimedPaymentId) {
        NotifyVerification verification = alipay.verifyNotify(inbound(params));
        assertThat(verification).isInstanceOf(Rejected.class);
        assertThat(((Rejected) verification).reason()).contains(reason);
        assertThat(((Rejected) verification).claimedPaymentId()).isEqualTo(claimedPaymentId);
    }

    private static InboundNotify inbound(Map<String, String> params) {
        return new InboundNotify(Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                FormCodec.encode(params).getBytes(StandardCharsets.UTF_8));
    }
}
