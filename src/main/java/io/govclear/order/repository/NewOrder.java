package io.govclear.order.repository;

import java.time.LocalDate;
import java.util.List;

/** A validated bill ready to insert: code allocated, payer encrypted and masked, request hashed. */
public record NewOrder(String paymentCode, String unitOrderNo, byte[] requestHash, long principalFen,
        LocalDate dueDate, LocalDate payableUntil, String description, String payerNameMasked, String payerIdMasked,
        String payerPhoneMasked, byte[] payerEnc, byte[] payerIdHash, byte[] payerPhoneHash,
        List<StoredOrder.Line> lines) {
}
