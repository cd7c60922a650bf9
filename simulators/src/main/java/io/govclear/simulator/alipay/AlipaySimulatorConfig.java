package io.govclear.simulator.alipay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The simulated Alipay's side of the keys ({@code govclear.simulator.alipay.*}). Optional because production ships
 * no simulator: the simulator refuses to start without them.
 */
@ConfigMapping(prefix = "govclear.simulator.alipay")
public interface AlipaySimulatorConfig {

    /** The one merchant app the simulator serves; requests from any other app_id are refused. */
    Optional<String> appId();

    /** The merchant's partner id (seller_id, pid): in notifies and in the bill's file name. */
    @WithDefault("2088000000000000")
    String sellerId();

    /** Alipay's private key, PKCS#8 DER in Base64: signs answers and notifies. */
    Optional<String> alipayPrivateKey();

    /** The merchant app's public key, X.509 DER in Base64: verifies the merchant's requests. */
    Optional<String> merchantPublicKey();

    /** Alipay's service fee per paid trade, as a fraction (0.006 is 0.6 %), rounded half up to the fen. */
    @WithDefault("0.006")
    BigDecimal feeRate();
}
