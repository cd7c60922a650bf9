package io.govclear.order;

import io.govclear.order.repository.StoredOrder;
import java.time.LocalDate;

/** Whether a bill can be paid on a business day. */
public final class Payability {

    private Payability() {
    }

    /** Unpaid, and not past its payable-until date. */
    public static boolean payable(StoredOrder order, LocalDate today) {
        return order.status() == OrderStatus.UNPAID
                && (order.payableUntil() == null || !today.isAfter(order.payableUntil()));
    }
}
