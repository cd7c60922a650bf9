package io.govclear.payment.routing;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * A channel's maintenance window in business time: daily ({@code 23:30-00:30}, wrapping midnight when the end is not
 * after the start) or one-off ({@code 2026-12-01T01:00/2026-12-01T03:00}). Start inclusive, end exclusive.
 */
public sealed interface MaintenanceWindow {

    /** The end of the window covering {@code at}, or null when {@code at} is outside it. */
    LocalDateTime endIfCovering(LocalDateTime at);

    static MaintenanceWindow parse(String text) {
        String t = text.strip();
        try {
            if (t.contains("/")) {
                String[] parts = t.split("/", 2);
                OneOff w = new OneOff(LocalDateTime.parse(parts[0]), LocalDateTime.parse(parts[1]));
                if (!w.end().isAfter(w.start())) {
                    throw new IllegalArgumentException("maintenance window " + t + " ends before it starts");
                }
                return w;
            }
            String[] parts = t.split("-", 2);
            if (parts.length == 2) {
                return new Daily(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
            }
        } catch (DateTimeParseException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("maintenance window '" + t
                + "' is neither HH:mm-HH:mm (daily) nor yyyy-MM-ddTHH:mm/yyyy-MM-ddTHH:mm (one-off)");
    }

    record Daily(LocalTime start, LocalTime end) implements MaintenanceWindow {

        @Override
        public LocalDateTime endIfCovering(LocalDateTime at) {
            LocalTime time = at.toLocalTime();
            if (start.isBefore(end)) {
                return !time.isBefore(start) && time.isBefore(end) ? at.toLocalDate().atTime(end) : null;
            }
            // wraps midnight: [start, 24:00) today or [00:00, end) of the day after it started
            if (!time.isBefore(start)) {
                return at.toLocalDate().plusDays(1).atTime(end);
            }
            return time.isBefore(end) ? at.toLocalDate().atTime(end) : null;
        }
    }

    record OneOff(LocalDateTime start, LocalDateTime end) implements MaintenanceWindow {

        @Override
        public LocalDateTime endIfCovering(LocalDateTime at) {
            return !at.isBefore(start) && at.isBefore(end) ? end : null;
        }
    }
}
