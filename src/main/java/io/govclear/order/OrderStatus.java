package io.govclear.order;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A bill's status as the unit sees it, with the allowed transitions as data. */
public enum OrderStatus {
    UNPAID, PAID, PARTIALLY_REFUNDED, REFUNDED, CANCELLED, EXPIRED;

    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = Map.of(
            UNPAID, EnumSet.of(PAID, CANCELLED, EXPIRED),
            // PAID → UNPAID only for a bank counter payment reversed the same day before reconciliation (冲销)
            PAID, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, UNPAID),
            PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            REFUNDED, EnumSet.noneOf(OrderStatus.class),
            CANCELLED, EnumSet.noneOf(OrderStatus.class),
            EXPIRED, EnumSet.noneOf(OrderStatus.class));

    public boolean canBecome(OrderStatus next) {
        return ALLOWED.get(this).contains(next);
    }
}
