package io.govclear.simulator.wechatpay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The WeChat Pay simulator's side of the keys ({@code govclear.simulator.wechat-pay.*}): the one merchant it serves
 * and the platform key it signs with. Optional so that production, where the simulator is off, needs none of them.
 */
@ConfigMapping(prefix = "govclear.simulator.wechat-pay")
public interface WechatPaySimulatorConfig {

    /** The merchant number it accepts. */
    Optional<String> mchid();

    /** The app id bound to that merchant. */
    Optional<String> appid();

    /** The merchant's API public key (X.509 DER, Base64), to check each request's Authorization signature. */
    Optional<String> merchantPublicKey();

    /** Serial of the merchant's API certificate; the Authorization header must name it. */
    Optional<String> merchantSerialNo();

    /** Platform private key (PKCS#8 DER, Base64) that signs every response and notify. */
    Optional<String> platformPrivateKey();

    /** The platform key id sent as Wechatpay-Serial. */
    Optional<String> platformSerialNo();

    /** The merchant's APIv3 key (32 characters) that encrypts notify resources. */
    Optional<String> apiV3Key();

    /** Fee charged on each payment, in percent (0.60 = 0.6 %), rounded half up to the fen in the bill. */
    @WithDefault("0.60")
    BigDecimal feeRatePercent();

    /**
     * A folder of prepared bills: {@code <yyyy-MM-dd>.csv} there is served (streamed) as that day's bill instead of
     * the one rendered from the simulated trades, so tests and benchmarks can have a statement of a million lines
     * without a million simulated trades; {@code <yyyy-MM-dd>.csv.sha1}, if present, is the hash_value announced
     * (a wrong one on purpose), otherwise the file's SHA1.
     */
    Optional<Path> billDirectory();

    /** How long the merchant gets to answer a notify before it counts as failed (WeChat: 5 s). */
    @WithDefault("5s")
    Duration notifyTimeout();
}
