package io.govclear.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.wechatpay.WechatPayConfig;
import io.govclear.channel.wechatpay.WechatPayCrypto;
import io.govclear.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forged notifies whose claimed trade id no payment of ours can have — longer than any column (72 characters, or a
 * megabyte) or holding a NUL byte — on each channel's callback: answered as a rejected notify in the channel's own
 * protocol, stored raw in the inbox and marked REJECTED, never looked up, never a database error.
 */
@QuarkusTest
class HostileNotifyTest {

    @Inject
    WechatPayConfig wechat;

    @ParameterizedTest
    @ValueSource(strings = { "LONG", "HUGE", "NUL" })
    void alipayNotifyWithAForgedTradeIdIsRejected(String kind) {
        Map<String, String> form = Map.of("notify_type", "trade_status_sync", "app_id", "2021000000000001",
                "out_trade_no", tradeId(kind), "trade_no", "2026120222001400000000000001",
                "trade_status", "TRADE_SUCCESS", "total_amount", "100.00", "sign_type", "RSA2",
                "sign", randomSignature());
        Response answer = given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .formParams(form).post("/callbacks/alipay");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.asString()).isEqualTo("failure");
        assertRejected("ALIPAY");
    }

    @ParameterizedTest
    @ValueSource(strings = { "LONG", "NUL" })
    void unionPayNotifyWithAForgedOrderIdIsRejected(String kind) {
        Map<String, String> form = Map.of("version", "5.1.0", "encoding", "UTF-8", "signMethod", "01",
                "txnType", "01", "txnSubType", "01", "merId", "777290058110048", "orderId", tradeId(kind),
                "txnAmt", "10000", "respCode", "00", "signature", randomSignature());
        Response answer = given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParams(form).post("/callbacks/unionpay");

        // UnionPay's protocol: anything but 200 asks it to send again
        assertThat(answer.statusCode()).isEqualTo(500);
        assertRejected("UNIONPAY");
    }

    @ParameterizedTest
    @ValueSource(strings = { "LONG", "NUL" })
    void wechatPayNotifyWhoseEncryptedResourceClaimsAForgedTradeIdIsRejected(String kind) {
        String transaction = "{\"appid\":\"" + wechat.appid() + "\",\"mchid\":\"" + wechat.mchid()
                + "\",\"out_trade_no\":\"" + tradeId(kind).replace("\u0000", "\\u0000")
                + "\",\"transaction_id\":\"4200002026120212345678901234\",\"trade_state\":\"SUCCESS\","
                + "\"success_time\":\"2026-12-02T10:00:00+08:00\",\"amount\":{\"total\":100}}";
        String nonce = WechatPayCrypto.nonce(12);
        String body = "{\"id\":\"EV-HOSTILE\",\"create_time\":\"2026-12-02T10:00:00+08:00\","
                + "\"event_type\":\"TRANSACTION.SUCCESS\",\"resource_type\":\"encrypt-resource\",\"resource\":{"
                + "\"original_type\":\"transaction\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\""
                + WechatPayCrypto.encrypt(wechat.apiV3Key().getBytes(StandardCharsets.UTF_8), "transaction", nonce,
                        transaction)
                + "\",\"associated_data\":\"transaction\",\"nonce\":\"" + nonce + "\"}}";
        Response answer = given().contentType("application/json")
                .header("Wechatpay-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                .header("Wechatpay-Nonce", WechatPayCrypto.nonce(32))
                .header("Wechatpay-Serial", wechat.platformSerialNo())
                .header("Wechatpay-Signature", randomSignature())
                .body(body).post("/callbacks/wechat-pay");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.asString()).contains("FAIL");
        assertRejected("WECHAT_PAY");
    }

    /** The newest inbox row of the channel: stored, not verified, no payment id kept, marked REJECTED. */
    private static void assertRejected(String channel) {
        Row row = Db.one("SELECT verified, payment_id, outcome FROM channel_callback WHERE channel = $1"
                + " ORDER BY id DESC LIMIT 1", channel);
        assertThat(row.getBoolean("verified")).isFalse();
        assertThat(row.getString("payment_id")).isNull();
        assertThat(row.getString("outcome")).isEqualTo("REJECTED");
    }

    private static String tradeId(String kind) {
        String digits = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 10_000_000_000_000L));
        return switch (kind) {
            case "LONG" -> "GC" + "7".repeat(57) + digits;
            case "HUGE" -> "GC" + "9".repeat(1 << 20);
            default -> "GC26120200000" + digits.substring(0, 5) + "\u0000" + "1";
        };
    }

    private static String randomSignature() {
        byte[] junk = new byte[256];
        ThreadLocalRandom.current().nextBytes(junk);
        return Base64.getEncoder().encodeToString(junk);
    }
}
