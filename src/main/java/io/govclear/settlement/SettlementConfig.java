package io.govclear.settlement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;

/**
 * Settlement settings ({@code govclear.settlement.*}). Fee rates per channel come from here first and fall back to
 * the routing rate ({@code govclear.routing.channels.<CH>.fee-rate-bp}), so bank counters, which routing does not
 * know, get their rate here.
 */
@ConfigMapping(prefix = "govclear.settlement")
public interface SettlementConfig {

    /** Channel fee per payment in basis points of the amount, by channel name; overrides the routing rate. */
    Map<String, Integer> feeRateBp();

    /** Whether the scheduler builds yesterday's batch by itself (T+1). */
    @WithDefault("true")
    boolean daily();

    /** Business time (Asia/Shanghai) from which yesterday's batch is built, once its reconciliations completed. */
    LocalTime runAt();

    /** How often the scheduler looks whether yesterday's batch is due. */
    Duration pollInterval();

    /**
     * The shared secret (HMAC-SHA256) the payout bank signs its confirmations with; without one no confirmation is
     * accepted (batches stay CONFIRMED).
     */
    Optional<String> bankSecret();

    /**
     * PostgreSQL's work_mem for the transaction that builds a batch (e.g. {@code 256MB}): its joins, sorts and
     * aggregates over a day's payments then stay in memory (at the server's default of 4MB a million payments
     * spill to disk).
     */
    @WithDefault("256MB")
    String buildWorkMem();

    /** Ledger account of our bank account that pays the batches out ({@code bank:<account>}). */
    @WithDefault("bank:PAYOUT")
    String payoutAccount();
}
