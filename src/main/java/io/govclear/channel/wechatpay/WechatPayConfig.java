package io.govclear.channel.wechatpay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Our WeChat Pay merchant account ({@code govclear.channels.wechat-pay.*}). Dev, test and demo ship throw-away keys
 * that match the simulator's; production takes every key from the environment (GOVCLEAR_CHANNELS_WECHAT_PAY_…).
 */
@ConfigMapping(prefix = "govclear.channels.wechat-pay")
public interface WechatPayConfig {

    /** Where WeChat Pay API v3 answers: https://api.mch.weixin.qq.com in production, the simulator in dev/test/demo. */
    String baseUrl();

    /** Our merchant number (商户号), sent with every call and required in every notify. */
    String mchid();

    /** The app id bound to the merchant number, sent with every order and required in every notify. */
    String appid();

    /** Merchant API private key, PKCS#8 DER as one line of Base64; signs every request. */
    String merchantPrivateKey();

    /** Serial number of the merchant API certificate, named in every Authorization header. */
    String merchantSerialNo();

    /** WeChat Pay platform public key, X.509 SubjectPublicKeyInfo DER as one line of Base64. */
    String platformPublicKey();

    /** The platform key's id (PUB_KEY_ID_…) or certificate serial; responses and notifies must name it. */
    String platformSerialNo();

    /** APIv3 key (32 characters) that decrypts notify resources. */
    String apiV3Key();

    /** How long to wait for a connection to WeChat Pay. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** How long to wait for an answer; past it the answer is UNKNOWN and the engine queries later. */
    @WithDefault("10s")
    Duration readTimeout();

    /**
     * When set, the most one call may take from request to complete answer, however steadily it trickles in; past
     * it the answer is UNKNOWN. Unset: only the connect and read timeouts apply.
     */
    Optional<Duration> overallTimeout();
}
