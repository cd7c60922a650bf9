package io.govclear.payment.routing;

import io.govclear.channel.Channel;
import java.time.Instant;

/**
 * A channel's maintenance window as announced in the console (table channel_maintenance): from {@code startsAt}
 * inclusive to {@code endsAt} exclusive the channel is neither offered nor accepted. {@code note} is what payers are
 * told; {@code reason} is the announcer's, for the audit. A cancelled window covers nothing.
 */
public record MaintenanceWindow(long id, Channel channel, Instant startsAt, Instant endsAt, String note,
        String createdBy, String reason, Instant createdAt, String cancelledBy, Instant cancelledAt,
        String cancelReason) {

    /** Where a window stands at a moment. */
    public enum Phase {
        UPCOMING, CURRENT, OVER, CANCELLED
    }

    public boolean cancelled() {
        return cancelledAt != null;
    }

    /** Whether the channel is in this window at {@code at}. */
    public boolean covers(Instant at) {
        return !cancelled() && !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    public Phase phase(Instant now) {
        if (cancelled()) {
            return Phase.CANCELLED;
        }
        if (now.isBefore(startsAt)) {
            return Phase.UPCOMING;
        }
        return now.isBefore(endsAt) ? Phase.CURRENT : Phase.OVER;
    }

    /** Whether the window is in force at {@code now} or starts before {@code until}. */
    public boolean announcedAt(Instant now, Instant until) {
        return !cancelled() && now.isBefore(endsAt) && startsAt.isBefore(until);
    }
}
