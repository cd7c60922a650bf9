package io.govclear.reconciliation;

import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.ScheduledRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.jboss.logging.Logger;

/**
 * The daily run per channel: once a channel's statement for yesterday is available (its configured time), the run
 * for (channel, yesterday) is opened; the unique key makes that once however many instances try. Then due runs
 * (new, waiting for their statement, or abandoned by a crashed instance) are claimed one by one with SKIP LOCKED.
 */
@Singleton
public class ReconciliationScheduler {

    private static final Logger LOG = Logger.getLogger(ReconciliationScheduler.class);
    private static final int RUNS_PER_TICK = 10;

    @Inject RunRepository runs;
    @Inject ReconciliationEngine engine;
    @Inject ReconciliationService service;
    @Inject ReconciliationConfig config;
    @Inject Clock clock;

    @Scheduled(every = "${govclear.reconciliation.poll-interval}", identity = "reconciliation",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        Uni<Void> opened = config.daily() ? openDue(clock.instant()) : Uni.createFrom().voidItem();
        return ScheduledRuns.warnOnFailure(opened.chain(this::processDue), LOG,
                "reconciliation tick failed; the next one tries again");
    }

    /** Opens yesterday's run of every configured channel whose statement is available at {@code now}. */
    public Uni<Void> openDue(Instant now) {
        LocalDate yesterday = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE).minusDays(1);
        return Multi.createFrom().iterable(config.channels().keySet())
                .map(Channel::valueOf)
                .filter(channel -> service.statementAvailable(channel, yesterday, now))
                .onItem().transformToUniAndConcatenate(channel -> runs.open(channel, yesterday, "system", now))
                .collect().last()
                .replaceWithVoid();
    }

    /** Does due runs, up to a handful per tick. */
    public Uni<Void> processDue() {
        return Multi.createBy().repeating().uni(engine::processDue).whilst(done -> done)
                .select().first(RUNS_PER_TICK)
                .collect().last()
                .replaceWithVoid();
    }
}
