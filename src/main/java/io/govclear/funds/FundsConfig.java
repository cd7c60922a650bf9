package io.govclear.funds;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Funds settings ({@code govclear.funds.*}): the platform's collection account at the agent bank (汇缴结算户) and how
 * each channel settles into it.
 */
@ConfigMapping(prefix = "govclear.funds")
public interface FundsConfig {

    /** The collection account's number at the agent bank: statements of any other account are refused. */
    String collectionAccount();

    /** Where the agent bank serves the collection account's statements (GET …/{date}?format=camt053); none: upload. */
    Optional<String> statementUrl();

    /** How long the bank may take to start and to keep sending a statement. */
    @WithDefault("30s")
    Duration statementTimeout();

    /** How long after the payout bank paid a batch each treasury voucher may go without its receipt (缴库回执). */
    @WithDefault("48h")
    Duration treasuryReceiptWithin();

    /** Each channel's terms, by channel name. */
    Map<String, Terms> channels();

    /** How a channel pays what it collected for a business date into the collection account. */
    interface Terms {

        /** NET: fees kept back from the payment (so credit = payments − refunds − fees); GROSS: fees billed apart. */
        Settles settles();

        /** Days after the business date on which the credit is due (1: T+1; 0: the same day). */
        int delayDays();
    }

    /** Net of fees or gross. */
    enum Settles {
        NET, GROSS
    }
}
