package io.govclear.channel.http;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Why an HTTP exchange with a channel (or a webhook receiver) brought no usable answer, described the same way for
 * every caller: a {@link Kind} and a message that names the peer (host:port, never the path or query) and, for a
 * timeout, which limit was reached. Every {@link ChannelClient} failure is one of these; {@link #describe} gives the
 * text for any failure a caller catches.
 */
public final class HttpFailure extends RuntimeException {

    /** What kind of failure: it decides nothing by itself, callers map it to their own outcome. */
    public enum Kind {
        /** No connection, no answer, or no complete answer within a configured timeout. */
        TIMEOUT,
        /** The peer refused the connection (nothing listens there). */
        REFUSED,
        /** The peer answered with a status the caller does not accept (see {@link HttpAnswer#requireSuccess}). */
        BAD_STATUS,
        /** Anything else on the way: unknown host, TLS handshake, connection reset, invalid URL. */
        ERROR
    }

    private static final int BODY_SHOWN = 200;

    private final Kind kind;
    private final int status;

    private HttpFailure(Kind kind, int status, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of a {@link Kind#BAD_STATUS} failure; 0 for the others. */
    public int status() {
        return status;
    }

    /** The text of any failure: an HttpFailure's message, or the class and message of anything else. */
    public static String describe(Throwable failure) {
        if (failure instanceof HttpFailure http) {
            return http.getMessage();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** While getting a connection to {@code peer}. */
    static HttpFailure connecting(String peer, Duration connectTimeout, Throwable cause) {
        if (cause instanceof HttpFailure http) {
            return http;
        }
        if (isTimeout(cause)) {
            return new HttpFailure(Kind.TIMEOUT, 0, "no connection to " + peer + " within "
                    + connectTimeout.toMillis() + " ms (connect timeout)", cause);
        }
        if (cause instanceof ConnectException) {
            return new HttpFailure(Kind.REFUSED, 0, "connection refused by " + peer, cause);
        }
        return new HttpFailure(Kind.ERROR, 0, "cannot connect to " + peer + ": " + describe(cause), cause);
    }

    /** After the connection was made: while sending the request or waiting for or reading the answer. */
    static HttpFailure answering(String peer, Duration readTimeout, Throwable cause) {
        if (cause instanceof HttpFailure http) {
            return http;
        }
        if (isTimeout(cause)) {
            return new HttpFailure(Kind.TIMEOUT, 0, "no answer from " + peer + " for " + readTimeout.toMillis()
                    + " ms (read timeout)", cause);
        }
        return new HttpFailure(Kind.ERROR, 0, "exchange with " + peer + " broke off: " + describe(cause), cause);
    }

    /** The whole exchange took longer than the overall timeout. */
    static HttpFailure overall(String peer, Duration overallTimeout) {
        return new HttpFailure(Kind.TIMEOUT, 0, "no complete answer from " + peer + " within "
                + overallTimeout.toMillis() + " ms (overall timeout)", null);
    }

    /** A request that could not even be made (e.g. an invalid URL). */
    static HttpFailure invalid(String problem, Throwable cause) {
        return new HttpFailure(Kind.ERROR, 0, problem, cause);
    }

    /** An answer whose status the caller does not accept; the start of its body, if any, is shown. */
    static HttpFailure badStatus(String peer, int status, String body) {
        String shown = body == null || body.isEmpty() ? ""
                : ": " + body.substring(0, Math.min(body.length(), BODY_SHOWN));
        return new HttpFailure(Kind.BAD_STATUS, status, "HTTP " + status + " from " + peer + shown, null);
    }

    // Vert.x reports its connect, pool and idle timeouts as TimeoutException; Netty's connect timeout is a
    // ConnectException, so timeouts are checked first
    private static boolean isTimeout(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof SocketTimeoutException
                || cause instanceof io.netty.channel.ConnectTimeoutException;
    }
}
