package io.govclear.channel.unionpay;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyMessage;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.channel.alipay.FormCodec;
import io.govclear.common.Clocks;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** verifyNotify and the ACP signature on hand-made notifies: genuine, tampered, forged, for others, odd amounts. */
@QuarkusTest
class UnionPayNotifyVerificationTest {

    static final String TXN_TIME = "20261123101500";

    @Inject
    UnionPayChannel channel;

    static NotifyVerification verify(UnionPayChannel channel, Map<String, String> fields) {
        return channel.verifyNotify(new InboundNotify(Map.of(),
                FormCodec.encode(fields).getBytes(StandardCharsets.UTF_8)));
    }

    NotifyVerification verify(Map<String, String> fields) {
        return verify(channel, fields);
    }

    static Map<String, String> genuine(Map<String, String> fields) {
        return UnionPayFixtures.signed(fields, UnionPayFixtures.unionPayCert(), UnionPayFixtures.unionPayKey());
    }

    @Test
    void signatureIsRsaOverTheHexSha256OfTheSortedFieldsWithoutSignature() throws Exception {
        Map<String, String> fields = new TreeMap<>(Map.of("txnAmt", "1", "merId", "777290058110048",
                "orderId", "GC261123000000000001", "signature", "ignored"));
        String content = "merId=777290058110048&orderId=GC261123000000000001&txnAmt=1";
        assertThat(AcpSignature.content(fields)).isEqualTo(content);

        String signature = AcpSignature.sign(fields, UnionPayFixtures.unionPayKey());
        // checked independently of AcpSignature.verify: SHA256withRSA over the lower-case hex digest's characters
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(UnionPayFixtures.unionPayCert().getPublicKey());
        rsa.update(hex.getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getDecoder().decode(signature))).isTrue();

        fields.put("signature", signature);
        assertThat(AcpSignature.verify(fields, UnionPayFixtures.unionPayCert().getPublicKey())).isTrue();
        fields.put("txnAmt", "2");
        assertThat(AcpSignature.verify(fields, UnionPayFixtures.unionPayCert().getPublicKey())).isFalse();
        fields.put("signature", "not base64!");
        assertThat(AcpSignature.verify(fields, UnionPayFixtures.unionPayCert().getPublicKey())).isFalse();
    }

    @Test
    void genuineNotifyVerifies() {
        NotifyVerification verification = verify(genuine(UnionPayFixtures.notify("GC261123000000000001", TXN_TIME,
                "20000")));

        assertThat(verification).isInstanceOf(Verified.class);
        NotifyMessage message = ((Verified) verification).message();
        assertThat(message.paymentId()).isEqualTo("GC261123000000000001");
        assertThat(message.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(message.amountFen()).isEqualTo(20000);
        assertThat(message.channelTradeNo()).isEqualTo("202611231015310000042");
        assertThat(message.notifyId()).isEqualTo("202611231015310000042");
        assertThat(message.merchantId()).isEqualTo(UnionPayFixtures.merId());
        assertThat(message.paidAt()).isEqualTo(LocalDateTime.of(2026, 11, 23, 10, 15, 0)
                .atZone(Clocks.BUSINESS_ZONE).toInstant());
        assertThat(channel.reply(true).status()).isEqualTo(200);
        assertThat(channel.reply(false).status()).isNotEqualTo(200);
    }

    @Test
    void failedNotifyIsAFailure() {
        Map<String, String> fields = UnionPayFixtures.notify("GC261123000000000002", TXN_TIME, "100");
        fields.put("respCode", "01");
        assertThat(((Verified) verify(genuine(fields))).message().kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void tamperedAmountIsRejectedWithTheClaimedOrderId() {
        Map<String, String> fields = genuine(UnionPayFixtures.notify("GC261123000000000003", TXN_TIME, "5000"));
        fields.put("txnAmt", "5100");

        assertThat(verify(fields)).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).contains("signature does not verify");
            assertThat(r.claimedPaymentId()).isEqualTo("GC261123000000000003");
        });
    }

    @Test
    void certificateThatDoesNotChainToTheRootIsRejected() {
        Map<String, String> forged = UnionPayFixtures.signed(UnionPayFixtures.notify("GC261123000000000004",
                TXN_TIME, "5000"), UnionPayFixtures.forgerCert(), UnionPayFixtures.forgerKey());

        assertThat(verify(forged)).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).contains("does not chain to UnionPay's root"));
    }

    @Test
    void genuineCertificateWithAnotherCertIdOrNoCertificateIsRejected() {
        Map<String, String> fields = genuine(UnionPayFixtures.notify("GC261123000000000005", TXN_TIME, "5000"));
        Map<String, String> otherCertId = new TreeMap<>(fields);
        otherCertId.put("certId", "123456789");
        otherCertId.put("signature", AcpSignature.sign(otherCertId, UnionPayFixtures.unionPayKey()));
        assertThat(verify(otherCertId)).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).contains("certId"));

        Map<String, String> noCert = new TreeMap<>(fields);
        noCert.remove("signPubKeyCert");
        assertThat(verify(noCert)).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).contains("no signPubKeyCert"));
    }

    @Test
    void notifyForAnotherMerchantOrNotAConsumeIsRejected() {
        Map<String, String> other = UnionPayFixtures.notify("GC261123000000000006", TXN_TIME, "5000");
        other.put("merId", "898000000000001");
        assertThat(verify(genuine(other))).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).contains("not ours"));

        Map<String, String> refund = UnionPayFixtures.notify("RF261123000000000006", TXN_TIME, "5000");
        refund.put("txnType", "04");
        assertThat(verify(genuine(refund))).isInstanceOf(Rejected.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "1", "999999999999" })
    void amountEdgesAreExact(String txnAmt) {
        NotifyVerification verification = verify(genuine(UnionPayFixtures.notify("GC261123000000000007", TXN_TIME,
                txnAmt)));
        assertThat(((Verified) verification).message().amountFen()).isEqualTo(Long.parseLong(txnAmt));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.01", "-1", "1000000000000", "1e3", " 1" })
    void malformedAmountsAreRejected(String txnAmt) {
        assertThat(verify(genuine(UnionPayFixtures.notify("GC261123000000000008", TXN_TIME, txnAmt))))
                .isInstanceOf(Rejected.class);
    }

    @Test
    void unreadableBodyIsRejected() {
        assertThat(channel.verifyNotify(new InboundNotify(Map.of(), "a=%zz".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(Rejected.class);
    }
}
