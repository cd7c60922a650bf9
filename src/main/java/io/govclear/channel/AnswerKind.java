package io.govclear.channel;

/**
 * A channel's answer, classified. UNKNOWN (a timeout, a 5xx, an unreadable reply) never means failure: it means
 * ask again with a query.
 */
public enum AnswerKind {
    SUCCESS, FAILURE, WAITING, UNKNOWN
}
