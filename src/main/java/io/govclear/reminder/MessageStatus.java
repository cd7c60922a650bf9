package io.govclear.reminder;

import io.govclear.common.StateMachine;

/** An outgoing message's status: QUEUED, then SENT, or DROPPED when its bill is no longer unpaid at sending time. */
public enum MessageStatus {
    QUEUED, SENT, DROPPED;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<MessageStatus> MACHINE = StateMachine.of("message", MessageStatus.class)
            .edge(QUEUED, SENT, "sent")
            .edge(QUEUED, DROPPED, "dropped")
            .build();
}
