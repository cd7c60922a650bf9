package io.govclear.simulator.unionpay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The simulated UnionPay's side of the keys ({@code govclear.simulator.unionpay.*}): the merchant it serves and the
 * signing key and certificate it answers with. Optional because production ships no simulator.
 */
@ConfigMapping(prefix = "govclear.simulator.unionpay")
public interface UnionPaySimulatorConfig {

    /** The one merchant (merId) it serves; requests for any other are refused. */
    Optional<String> merId();

    /** UnionPay's signing private key (PKCS#8 DER, Base64): signs answers and notifies. */
    Optional<String> signPrivateKey();

    /** UnionPay's signing certificate (Base64 DER), sent as signPubKeyCert; its serial is the certId. */
    Optional<String> signCert();

    /** The merchant's signing certificate (Base64 DER): verifies requests; its serial must be their certId. */
    Optional<String> merchantCert();

    /** UnionPay's fee per paid consume, as a fraction (0.006 is 0.6 %), rounded half up to the fen. */
    @WithDefault("0.006")
    BigDecimal feeRate();

    /** How long the merchant gets to answer a notify before the send counts as failed (UnionPay: 10 s). */
    @WithDefault("10s")
    Duration notifyTimeout();
}
