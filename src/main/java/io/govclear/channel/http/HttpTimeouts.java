package io.govclear.channel.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The timeouts of one channel's HTTP exchanges, from that channel's configuration.
 * <ul>
 * <li>{@code connect}: the longest wait for a connection, a new one or one from the pool;</li>
 * <li>{@code read}: the longest silence while waiting for the answer or reading it;</li>
 * <li>{@code overall}, when set: the most one exchange may take, from the request to the answer's last byte,
 * however steadily the answer trickles in. Statement downloads, which may rightly take minutes, are bounded by
 * {@code connect} and {@code read} only.</li>
 * </ul>
 */
public record HttpTimeouts(Duration connect, Duration read, Optional<Duration> overall) {

    public HttpTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(overall, "overall");
        if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()
                || overall.filter(d -> d.isNegative() || d.isZero()).isPresent()) {
            throw new IllegalArgumentException("HTTP timeouts must be positive: " + connect + ", " + read + ", "
                    + overall.map(Duration::toString).orElse("no overall timeout"));
        }
    }
}
