package io.govclear.channel.alipay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's Alipay app ({@code govclear.channels.alipay.*}). In production every value comes from the environment
 * (GOVCLEAR_CHANNELS_ALIPAY_APP_ID, …_PRIVATE_KEY, …_ALIPAY_PUBLIC_KEY, …_GATEWAY_URL); dev, test and demo ship
 * throw-away keys that match the simulator's.
 */
@ConfigMapping(prefix = "govclear.channels.alipay")
public interface AlipayConfig {

    /** The property the adapter reads on first use, so that a random test port in it is the bound one. */
    String GATEWAY_URL_PROPERTY = "govclear.channels.alipay.gateway-url";

    /** Alipay's gateway (real: https://openapi.alipay.com/gateway.do; the simulator in dev/test/demo). Required. */
    String gatewayUrl();

    /** Our app's id on the Alipay open platform (app_id); a notify for another app is rejected. */
    String appId();

    /** Our merchant's Alipay partner id (2088…); when set, a notify for another seller is rejected. */
    Optional<String> sellerId();

    /** Our app's private key, PKCS#8 DER in Base64 on one line: signs every request. */
    String privateKey();

    /** Alipay's public key, X.509 SubjectPublicKeyInfo DER in Base64: verifies answers and notifies. */
    String alipayPublicKey();

    /** How long to wait for a connection to the gateway. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** How long to wait for the gateway's answer before it counts as UNKNOWN. */
    @WithDefault("5s")
    Duration readTimeout();

    /**
     * When set, the most one call may take from request to complete answer, however steadily it trickles in; past
     * it the answer is UNKNOWN. Unset: only the connect and read timeouts apply.
     */
    Optional<Duration> overallTimeout();
}
