package io.govclear.webhook;

import io.govclear.common.StateMachine;

/**
 * A webhook event's delivery status: PENDING until sent (and between retries), DELIVERED on a 2xx, FAILED after the
 * last retry, STALE when the bill moved on before it was sent (never sent then). A unit may ask for any event again.
 */
public enum WebhookEventStatus {
    PENDING, DELIVERED, FAILED, STALE;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<WebhookEventStatus> MACHINE =
            StateMachine.of("webhook_event", WebhookEventStatus.class)
                    .edge(PENDING, DELIVERED, "delivered")
                    .edge(PENDING, PENDING, "rescheduled")
                    .edge(PENDING, FAILED, "abandoned")
                    .edge(PENDING, STALE, "outdated")
                    .edge(DELIVERED, PENDING, "resend_requested")
                    .edge(FAILED, PENDING, "resend_requested")
                    .edge(STALE, PENDING, "resend_requested")
                    .build();
}
