package io.govclear.channel.wechatpay;

import io.govclear.channel.ChannelMessages.InboundNotify;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;

/**
 * Builds WeChat Pay notifies for tests, the way the platform does: transaction JSON encrypted with an APIv3 key
 * (associated data "transaction"), the envelope signed over {@code timestamp\nnonce\nbody\n}. Each field can be
 * set wrong on purpose.
 */
record NotifyFixture(String mchid, String appid, String outTradeNo, long totalFen, String apiV3Key,
        PrivateKey platformKey, String serial, Instant signedAt) {

    static final String SUCCESS_TIME = "2026-11-23T10:15:30+08:00";

    NotifyFixture withMchid(String value) {
        return new NotifyFixture(value, appid, outTradeNo, totalFen, apiV3Key, platformKey, serial, signedAt);
    }

    NotifyFixture withApiV3Key(String value) {
        return new NotifyFixture(mchid, appid, outTradeNo, totalFen, value, platformKey, serial, signedAt);
    }

    NotifyFixture withPlatformKey(PrivateKey value) {
        return new NotifyFixture(mchid, appid, outTradeNo, totalFen, apiV3Key, value, serial, signedAt);
    }

    NotifyFixture withSerial(String value) {
        return new NotifyFixture(mchid, appid, outTradeNo, totalFen, apiV3Key, platformKey, value, signedAt);
    }

    NotifyFixture signedAt(Instant value) {
        return new NotifyFixture(mchid, appid, outTradeNo, totalFen, apiV3Key, platformKey, serial, value);
    }

    String transaction() {
        return "{\"appid\":\"" + appid + "\",\"mchid\":\"" + mchid + "\",\"out_trade_no\":\"" + outTradeNo
                + "\",\"transaction_id\":\"4200002026112312345678901234\",\"trade_type\":\"NATIVE\","
                + "\"trade_state\":\"SUCCESS\",\"trade_state_desc\":\"支付成功\",\"bank_type\":\"OTHERS\","
                + "\"attach\":\"\",\"success_time\":\"" + SUCCESS_TIME + "\",\"payer\":{\"openid\":\"oTest\"},"
                + "\"amount\":{\"total\":" + totalFen + ",\"payer_total\":" + totalFen
                + ",\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
    }

    /** The envelope around a resource already encrypted. */
    static String envelope(String ciphertext, String nonce) {
        return "{\"id\":\"EV-TEST-0001\",\"create_time\":\"" + SUCCESS_TIME + "\",\"event_type\":\"TRANSACTION.SUCCESS\","
                + "\"resource_type\":\"encrypt-resource\",\"summary\":\"支付成功\",\"resource\":{\"original_type\":"
                + "\"transaction\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\"" + ciphertext
                + "\",\"associated_data\":\"transaction\",\"nonce\":\"" + nonce + "\"}}";
    }

    String body() {
        String nonce = WechatPayCrypto.nonce(12);
        return envelope(WechatPayCrypto.encrypt(apiV3Key.getBytes(StandardCharsets.UTF_8), "transaction", nonce,
                transaction()), nonce);
    }

    InboundNotify inbound() {
        return signed(body(), body -> body);
    }

    /** Signs {@code body}, then sends what {@code alter} makes of it. */
    InboundNotify signed(String body, java.util.function.UnaryOperator<String> alter) {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        String nonce = WechatPayCrypto.nonce(32);
        String signature = WechatPayCrypto.sign(platformKey, WechatPayCrypto.message(timestamp, nonce, body));
        return new InboundNotify(Map.of("wechatpay-timestamp", timestamp, "wechatpay-nonce", nonce,
                "wechatpay-signature", signature, "wechatpay-serial", serial, "wechatpay-signature-type",
                "WECHATPAY2-SHA256-RSA2048", "content-type", "application/json"),
                alter.apply(body).getBytes(StandardCharsets.UTF_8));
    }
}
