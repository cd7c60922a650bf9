package io.govclear.support;

import static org.awaitility.Awaitility.await;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.scheduler.spi.JobInstrumenter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's scheduled jobs (webhook delivery, payment compensation, receipts, …), held still for a test. The
 * scheduler's pause stops new passes only; {@link #pause(String)} and {@link #pauseAll()} also wait until no pass that
 * had already started is still running. Running passes are counted here: this bean is the scheduler's
 * {@link JobInstrumenter} in tests ({@code %test.quarkus.scheduler.tracing.enabled=true}), so every pass of every job
 * goes through {@link #instrument} from its start to its end.
 */
@ApplicationScoped
public class Jobs implements JobInstrumenter {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Longer than a scheduler tick takes from deciding to fire a job to starting it. */
    private static final Duration SETTLE = Duration.ofMillis(50);

    private final ConcurrentMap<String, AtomicInteger> running = new ConcurrentHashMap<>();

    @Inject
    Scheduler scheduler;

    /** The jobs of the application under test. */
    public static Jobs get() {
        return CDI.current().select(Jobs.class).get();
    }

    /** Counts the pass while it runs (the scheduler calls this for every pass of every job). */
    @Override
    public CompletionStage<Void> instrument(JobInstrumentationContext pass) {
        AtomicInteger count = running.computeIfAbsent(pass.getSpanName(), id -> new AtomicInteger());
        count.incrementAndGet();
        try {
            return pass.executeJob().whenComplete((ignored, error) -> count.decrementAndGet());
        } catch (RuntimeException e) {
            count.decrementAndGet();
            throw e;
        }
    }

    /** Pauses one job (by its identity, e.g. "webhook-delivery") and returns once no pass of it is running. */
    public void pause(String identity) {
        scheduler.pause(identity);
        awaitStill(List.of(identity));
    }

    public void resume(String identity) {
        scheduler.resume(identity);
    }

    /** Pauses every job and returns once no pass of any is running; {@link #resumeAll} undoes it. */
    public void pauseAll() {
        scheduler.pause();
        awaitStill(scheduler.getScheduledJobs().stream().map(Trigger::getId).toList());
    }

    /** Resumes the scheduler; a job paused on its own with {@link #pause(String)} stays paused. */
    public void resumeAll() {
        scheduler.resume();
    }

    /** Whether a pass of the job is running now. */
    public boolean isRunning(String identity) {
        AtomicInteger count = running.get(identity);
        return count != null && count.get() > 0;
    }

    /**
     * Waits until none of the jobs is running and none has fired since the previous look: a tick that had decided to
     * fire a job just as it was paused starts it a moment later, and that pass is waited for too.
     */
    private void awaitStill(List<String> identities) {
        Map<String, Instant> fired = new HashMap<>(lastFired(identities));
        await("passes of " + identities + " to finish").atMost(WAIT).pollDelay(SETTLE).pollInterval(SETTLE)
                .until(() -> {
                    Map<String, Instant> now = lastFired(identities);
                    boolean firedMeanwhile = !now.equals(fired);
                    fired.clear();
                    fired.putAll(now);
                    return !firedMeanwhile && identities.stream().noneMatch(this::isRunning);
                });
    }

    private Map<String, Instant> lastFired(List<String> identities) {
        Map<String, Instant> fired = new HashMap<>();
        for (String identity : identities) {
            Trigger trigger = scheduler.getScheduledJob(identity);
            if (trigger != null && trigger.getPreviousFireTime() != null) {
                fired.put(identity, trigger.getPreviousFireTime());
            }
        }
        return fired;
    }
}
