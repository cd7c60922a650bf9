package io.govclear.order.repository;

import io.govclear.order.OrderStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A bill as stored, with its lines; personal data only in masked form. */
public record StoredOrder(long id, String paymentCode, long unitId, String unitOrderNo, byte[] requestHash,
        OrderStatus status, long principalFen, LocalDate dueDate, LocalDate payableUntil, String description,
        String payerNameMasked, String payerIdMasked, String payerPhoneMasked, Instant createdAt, List<Line> lines) {

    /** One charge line. */
    public record Line(int lineNo, long itemId, long amountFen) {
    }
}
