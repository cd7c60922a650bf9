package io.govclear.reminder;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Reminder, overdue-notice and expiry settings ({@code govclear.reminders.*}, e.g. GOVCLEAR_REMINDERS_CRON). */
@ConfigMapping(prefix = "govclear.reminders")
public interface RemindersConfig {

    /** When the daily reminder job runs (Quartz cron, Asia/Shanghai); "off" disables it. */
    @WithDefault("0 0 9 * * ?")
    String cron();

    /** A reminder is queued once the due date is at most this many days away. */
    @WithDefault("3")
    int daysBefore();

    /** How often each instance sends queued messages. */
    @WithDefault("30s")
    Duration sendInterval();

    /** How often each instance looks for bills past their payable-until date. */
    @WithDefault("10m")
    Duration expiryInterval();

    /** Bills or messages handled per database round trip. */
    @WithDefault("200")
    int batchSize();
}
