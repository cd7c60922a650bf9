package io.govclear.simulator.payout;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The payout bank's secret, shared with the engine's govclear.settlement.bank-secret. */
@ConfigMapping(prefix = "govclear.simulator.payout-bank")
public interface PayoutBankConfig {

    /** HMAC-SHA256 key of its payout confirmations. */
    Optional<String> secret();
}
