package io.govclear.refund;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Refund settings ({@code govclear.refunds.*}). */
@ConfigMapping(prefix = "govclear.refunds")
public interface RefundConfig {

    /** Refunds of more than this many fen wait for a finance supervisor's approval (default 1,000.00 yuan). */
    @WithDefault("100000")
    long approvalThresholdFen();

    /** When a submitted refund whose outcome is not known is queried: after submission, then after each query. */
    @WithDefault("10s,30s,1m,2m,5m,10m,30m")
    List<Duration> queryBackoff();

    /** How often each instance looks for refunds to query and duplicate payments to refund (work is claimed). */
    @WithDefault("5s")
    Duration jobInterval();

    /** How long a duplicate payment stays queued, visible to finance, before it is refunded automatically. */
    @WithDefault("10m")
    Duration duplicateDelay();
}
