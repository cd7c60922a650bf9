package io.govclear.channel.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyMessage;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.support.Simulators;
import io.govclear.support.TestClock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WechatPayChannel#verifyNotify}: only a notify signed by our platform key, fresh, for us, is trusted. */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class WechatPayNotifyVerificationTest {

    @Inject
    WechatPayChannel channel;

    @Inject
    WechatPayConfig config;


    @Inject
    TestClock clock;

    NotifyFixture good;

    @BeforeEach
    void goodNotify() {
        good = new NotifyFixture(config.mchid(), config.appid(), "WXVERIFY000001", 20000, config.apiV3Key(),
                WechatPayCrypto.privateKey(Simulators.setting("wechat-pay.platform-private-key")),
                config.platformSerialNo(),
                clock.instant());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void goodNotifyIsVerifiedAndMapped() {
        NotifyVerification result = channel.verifyNotify(good.inbound());

        assertThat(result).isInstanceOf(Verified.class);
        NotifyMessage message = ((Verified) result).message();
        assertThat(message.notifyId()).isEqualTo("EV-TEST-0001");
        assertThat(message.paymentId()).isEqualTo("WXVERIFY000001");
        assertThat(message.channelTradeNo()).isEqualTo("4200002026112312345678901234");
        assertThat(message.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(message.channelStatus()).isEqualTo("SUCCESS");
        assertThat(message.amountFen()).isEqualTo(20000);
        assertThat(message.paidAt()).isEqualTo(OffsetDateTime.parse(NotifyFixture.SUCCESS_TIME).toInstant());
        assertThat(message.merchantId()).isEqualTo(config.mchid());
        assertThat(message.appId()).isEqualTo(config.appid());
    }

    @Test
    void bodyChangedAfterSigningIsRejectedButNamesTheTradeItClaims() {
        String genuine = good.body();
        String forged = good.body().replace("EV-TEST-0001", "EV-TEST-0002");

        NotifyVerification result = channel.verifyNotify(good.signed(genuine, body -> forged));

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).reason()).contains("signature does not verify");
        assertThat(((Rejected) result).claimedPaymentId()).isEqualTo("WXVERIFY000001");
    }

    @Test
    void notifySignedWithAnotherKeyIsRejected() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);

        NotifyVerification result = channel.verifyNotify(
                good.withPlatformKey(generator.generateKeyPair().getPrivate()).inbound());

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).reason()).contains("signature does not verify");
    }

    @Test
    void notifySixMinutesOldIsRejectedButFourMinutesIsFine() {
        NotifyVerification stale = channel.verifyNotify(good.signedAt(clock.instant().minusSeconds(360)).inbound());
        NotifyVerification future = channel.verifyNotify(good.signedAt(clock.instant().plusSeconds(360)).inbound());
        NotifyVerification recent = channel.verifyNotify(good.signedAt(clock.instant().minusSeconds(240)).inbound());

        assertThat(stale).isInstanceOf(Rejected.class);
        assertThat(((Rejected) stale).reason()).contains("5 minutes");
        assertThat(future).isInstanceOf(Rejected.class);
        assertThat(recent).isInstanceOf(Verified.class);
    }

    @Test
    void freshnessIsJudgedByTheEngineClock() {
        var notify = good.inbound();
        clock.advance(Duration.ofMinutes(6));

        assertThat(channel.verifyNotify(notify)).isInstanceOf(Rejected.class);
    }

    @Test
    void notifyNamingAnotherPlatformSerialIsRejected() {
        NotifyVerification result = channel.verifyNotify(good.withSerial("PUB_KEY_ID_0000000000000000000000")
                .inbound());

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).reason()).contains("serial");
    }

    @Test
    void notifyForAnotherMerchantIsRejected() {
        NotifyVerification result = channel.verifyNotify(good.withMchid("1230000109").inbound());

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).reason()).contains("mchid 1230000109");
        assertThat(((Rejected) result).claimedPaymentId()).isEqualTo("WXVERIFY000001");
    }

    @Test
    void resourceThatDoesNotDecryptIsRejected() {
        NotifyVerification result = channel.verifyNotify(good.withApiV3Key("0123456789abcdef0123456789abcdef")
                .inbound());

        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(((Rejected) result).reason()).contains("does not decrypt");
        assertThat(((Rejected) result).claimedPaymentId()).isNull();
    }

    @Test
    void notifyWithoutSignatureHeadersIsRejected() {
        var signed = good.inbound();
        var bare = new InboundNotify(Map.of(), signed.body());

        assertThat(channel.verifyNotify(bare)).isInstanceOf(Rejected.class);
    }

    @Test
    void repliesAreWhatWechatExpects() {
        ChannelReply accepted = channel.reply(true);
        ChannelReply refused = channel.reply(false);

        assertThat(accepted.status()).isEqualTo(204);
        assertThat(accepted.body()).isNull();
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.contentType()).isEqualTo("application/json");
        assertThat(refused.body()).startsWith("{\"code\":\"FAIL\",\"message\":");
    }
}
