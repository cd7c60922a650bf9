package io.govclear.support;

import io.govclear.payment.routing.MaintenanceSchedule;
import java.time.Duration;

/** The maintenance windows a test announced, cancelled when it is over, so no other test's checkout meets one. */
public final class Maintenance {

    private Maintenance() {
    }

    /** Cancels every window still standing and has this instance's schedule read them again. */
    public static void cancelWhatIsLeft(MaintenanceSchedule schedule) {
        Db.execute("UPDATE channel_maintenance SET cancelled_by = 'test', cancelled_at = now(),"
                + " cancel_reason = 'test over' WHERE cancelled_at IS NULL");
        schedule.reload().await().atMost(Duration.ofSeconds(10));
    }
}
