package io.govclear.receipt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Electronic receipts ({@code govclear.receipts.*}). The check-code key comes from the environment in production
 * (GOVCLEAR_RECEIPTS_CHECK_CODE_KEY); dev, test and demo ship a throw-away one.
 */
@ConfigMapping(prefix = "govclear.receipts")
public interface ReceiptConfig {

    /** Base64 key of the keyed SM3 hash (HMAC-SM3) that derives each receipt's 6-character check code. */
    String checkCodeKey();

    /** How often each instance looks for paid bills without a receipt. */
    @WithDefault("1s")
    Duration issueInterval();

    /** Receipts issued per transaction. */
    @WithDefault("200")
    int batchSize();

    /** When the whole chain is verified (cron, Asia/Shanghai). */
    @WithDefault("0 30 2 * * ?")
    String chainVerifyCron();
}
