package io.govclear.settlement;

import io.govclear.common.Clocks;
import io.govclear.common.ScheduledRuns;
import io.govclear.reconciliation.ReconciliationConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.jboss.logging.Logger;

/**
 * The T+1 run: from {@code govclear.settlement.run-at} (business time), once every reconciled channel's run of
 * yesterday has completed, yesterday's batch is built by "system". Any number of instances may try: the batch's
 * unique key and the build lock make one batch. A day whose runs are not complete yet is tried again at the next tick.
 */
@Singleton
public class SettlementScheduler {

    private static final Logger LOG = Logger.getLogger(SettlementScheduler.class);

    @Inject SettlementService service;
    @Inject SettlementConfig config;
    @Inject ReconciliationConfig reconciliation;
    @Inject SettlementRepository repo;
    @Inject Clock clock;

    @Scheduled(every = "${govclear.settlement.poll-interval}", identity = "settlement",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!config.daily()) {
            return Uni.createFrom().voidItem();
        }
        return ScheduledRuns.warnOnFailure(settleDue(clock.instant()), LOG,
                "settlement tick failed; the next one tries again");
    }

    /** Builds yesterday's batch if it is time and its reconciliations are complete; emits whether it is built. */
    public Uni<Boolean> settleDue(Instant now) {
        LocalDateTime local = LocalDateTime.ofInstant(now, Clocks.BUSINESS_ZONE);
        LocalDate yesterday = local.toLocalDate().minusDays(1);
        if (local.toLocalTime().isBefore(config.runAt())) {
            return Uni.createFrom().item(false);
        }
        String[] channels = reconciliation.channels().keySet().toArray(String[]::new);
        return repo.readyToBuild(channels, yesterday)
                .chain(ready -> !ready ? Uni.createFrom().item(false)
                        : service.build(yesterday, "system").map(built -> built.created()));
    }
}
