package io.govclear.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/** The public bill view a payer gets with a payment code: no unit order number, payer masked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BillResponse(
        String paymentCode,
        String status,
        UnitResponse unit,
        List<OrderResponse.LineResponse> lines,
        OrderResponse.PayerResponse payer,
        long principalFen,
        long lateFeeFen,
        long totalDueFen,
        LocalDate dueDate,
        LocalDate payableUntil,
        long overdueDays,
        String description,
        boolean payable) {

    /** The collecting unit. */
    public record UnitResponse(String code, String name) {
    }
}
