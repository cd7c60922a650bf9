package io.govclear.reconciliation;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.StatementFile;
import io.govclear.channel.ChannelRegistry;
import io.govclear.reconciliation.statement.StatementLoader;
import io.govclear.reconciliation.statement.StatementTotals;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Does a claimed run: fetch the statement through the channel's adapter (not ready → WAITING_STATEMENT, tried again
 * later), load it with COPY on a worker thread (a malformed file → FAILED with the line number, no line kept), match
 * it set-wise, resolve what can be resolved automatically, COMPLETED. Whoever claims a run (the instance that opened
 * it, or any instance's scheduler once the lease of a crashed one ran out) does it; nobody else can at the same time.
 */
@Singleton
public class ReconciliationEngine {

    private static final Logger LOG = Logger.getLogger(ReconciliationEngine.class);

    @Inject RunRepository runs;
    @Inject DiscrepancyRepository discrepancies;
    @Inject ChannelRegistry channels;
    @Inject StatementLoader loader;
    @Inject AutoResolver resolver;
    @Inject ReconciliationConfig config;
    @Inject Clock clock;
    @Inject MeterRegistry metrics;

    /** Does run {@code id} if it can be claimed now; emits whether it was. */
    public Uni<Boolean> process(long id) {
        Instant now = clock.instant();
        return runs.claim(id, now, now.plus(config.lease())).chain(this::perform);
    }

    /** Does the oldest due run, if any; emits whether there was one. */
    public Uni<Boolean> processDue() {
        Instant now = clock.instant();
        return runs.claimDue(now, now.plus(config.lease())).chain(this::perform);
    }

    private Uni<Boolean> perform(Optional<Run> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        Run run = claimed.get();
        Timer.Sample sample = Timer.start(metrics);
        Phases phases = new Phases();
        return runs.phase(run.id(), "FETCH")
                .chain(() -> channels.get(run.channel()).fetchStatement(run.businessDate()))
                .invoke(() -> phases.done("fetch"))
                .chain(file -> file.kind() == AnswerKind.SUCCESS
                        ? loadAndMatch(run, file, phases)
                        : runs.waitForStatement(run.id(), clock.instant().plus(config.retryAfter()), file.detail())
                                .invoke(() -> count(run, "WAITING_STATEMENT")))
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "reconciliation run %d (%s %s) failed", run.id(), run.channel(), run.businessDate());
                    return runs.fail(run.id(), clock.instant(), String.valueOf(e.getMessage()))
                            .invoke(() -> count(run, "FAILED"));
                })
                .invoke(() -> sample.stop(metrics.timer("govclear.reconciliation.duration", "channel",
                        run.channel().name())))
                .replaceWith(true);
    }

    private Uni<Void> loadAndMatch(Run run, StatementFile file, Phases phases) {
        return runs.phase(run.id(), "LOAD")
                .chain(() -> Uni.createFrom().item(() -> load(run, file))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .invoke(() -> phases.done("load"))
                .chain(totals -> runs.loaded(run.id(), totals)
                        .invoke(() -> metrics.counter("govclear.reconciliation.lines", "channel",
                                run.channel().name()).increment(totals.lines())))
                .chain(() -> runs.phase(run.id(), "MATCH"))
                .chain(() -> runs.match(run, clock.instant()))
                .invoke(() -> phases.done("match"))
                .chain(() -> runs.phase(run.id(), "RESOLVE"))
                .chain(() -> resolver.resolve(run.channel(), run.businessDate()))
                .invoke(() -> phases.done("resolve"))
                .invoke(() -> LOG.infof("reconciliation run %d (%s %s): %s", run.id(), run.channel(),
                        run.businessDate(), phases))
                .chain(() -> runs.complete(run, clock.instant()))
                .chain(() -> discrepancies.classTotals(run))
                .invoke(totals -> {
                    totals.forEach(t -> metrics.counter("govclear.reconciliation.discrepancies", "channel",
                            run.channel().name(), "class", t.discrepancyClass().name()).increment(t.count()));
                    count(run, "COMPLETED");
                })
                .replaceWithVoid();
    }

    /** Blocking: parse and COPY, then remove the temporary file whatever happened. */
    private StatementTotals load(Run run, StatementFile file) {
        try {
            return loader.load(run.id(), run.channel(), file.file());
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("loading the statement failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file.file());
            } catch (IOException e) {
                LOG.warnf("could not delete the temporary statement %s", file.file());
            }
        }
    }

    /** How long each step of a run took, for the log: where the time of a large statement goes. */
    private static final class Phases {

        private final StringBuilder text = new StringBuilder();
        private long since = System.nanoTime();

        void done(String phase) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ").append(phase).append(' ').append((now - since) / 1_000_000)
                    .append(" ms");
            since = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private void count(Run run, String outcome) {
        metrics.counter("govclear.reconciliation.runs", "channel", run.channel().name(), "outcome", outcome)
                .increment();
    }
}
