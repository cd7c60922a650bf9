package io.govclear.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** A bill as its unit sees it. Late fee and total due are as of today while the bill is unpaid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResponse(
        String paymentCode,
        String unitOrderNo,
        String status,
        long principalFen,
        long lateFeeFen,
        long totalDueFen,
        LocalDate dueDate,
        LocalDate payableUntil,
        long overdueDays,
        String description,
        List<LineResponse> lines,
        PayerResponse payer,
        String payUrl,
        OffsetDateTime createdAt,
        List<?> payments,
        List<?> refunds,
        Object receipt) {

    /** A bill without its receipt reference (listings, and unpaid bills). */
    public OrderResponse(String paymentCode, String unitOrderNo, String status, long principalFen, long lateFeeFen,
            long totalDueFen, LocalDate dueDate, LocalDate payableUntil, long overdueDays, String description,
            List<LineResponse> lines, PayerResponse payer, String payUrl, OffsetDateTime createdAt, List<?> payments,
            List<?> refunds) {
        this(paymentCode, unitOrderNo, status, principalFen, lateFeeFen, totalDueFen, dueDate, payableUntil,
                overdueDays, description, lines, payer, payUrl, createdAt, payments, refunds, null);
    }

    /** The same bill with its receipt {receiptNo, checkCode}, once issued. */
    public OrderResponse withReceipt(Object receipt) {
        return new OrderResponse(paymentCode, unitOrderNo, status, principalFen, lateFeeFen, totalDueFen, dueDate,
                payableUntil, overdueDays, description, lines, payer, payUrl, createdAt, payments, refunds, receipt);
    }

    /** One line with its own late fee. */
    /** A line; itemVersion and itemEffectiveFrom name the item's standard the bill was issued under. */
    public record LineResponse(int lineNo, String itemCode, String itemName, int itemVersion,
            LocalDate itemEffectiveFrom, String category, long amountFen, long lateFeeFen) {
    }

    /** The payer, masked. */
    public record PayerResponse(String name, String idNumber, String phone) {
    }
}
