package io.govclear.order;

import io.govclear.common.StateMachine;

/** A bill's status as the unit sees it, with its machine ({@link #MACHINE}). */
public enum OrderStatus {
    UNPAID, PAID, PARTIALLY_REFUNDED, REFUNDED, CANCELLED, EXPIRED;

    /** The allowed moves, each with the event it records. */
    public static final StateMachine<OrderStatus> MACHINE = StateMachine.of("order", OrderStatus.class)
            .edge(UNPAID, PAID, "paid")
            .edge(UNPAID, CANCELLED, "cancelled")
            .edge(UNPAID, EXPIRED, "expired")
            .edge(PAID, PARTIALLY_REFUNDED, "partially_refunded")
            .edge(PAID, REFUNDED, "refunded")
            // only for a bank counter payment reversed the same day before reconciliation (冲销)
            .edge(PAID, UNPAID, "payment_reversed")
            .edge(PARTIALLY_REFUNDED, PARTIALLY_REFUNDED, "partially_refunded")
            .edge(PARTIALLY_REFUNDED, REFUNDED, "refunded")
            .build();

    /** Whether the unit hears of a bill entering this status (a webhook event, webhook/WebhookDelivery). */
    public boolean notifiesUnit() {
        return this != UNPAID;
    }
}
