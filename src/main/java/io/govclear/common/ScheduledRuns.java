package io.govclear.common;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** What the scheduled jobs that shrug off a failed run share. */
public final class ScheduledRuns {

    private ScheduledRuns() {
    }

    /**
     * A scheduled run of {@code work} whose failure is logged as a warning ({@code failed}, which says so and that
     * the next run tries again) instead of failing the run: the job simply runs again on schedule.
     */
    public static Uni<Void> warnOnFailure(Uni<?> work, Logger log, String failed) {
        return work.onFailure().invoke(e -> log.warn(failed, e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
