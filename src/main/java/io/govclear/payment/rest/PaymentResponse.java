package io.govclear.payment.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.govclear.common.Clocks;
import io.govclear.payment.repository.StoredAttempt;
import java.time.OffsetDateTime;

/** One payment attempt as payers and units see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentResponse(String paymentId, String channel, String status, long amountFen, long principalFen,
        long lateFeeFen, String payUrl, OffsetDateTime expiresAt, OffsetDateTime paidAt, Boolean duplicate,
        String routingReason) {

    public static PaymentResponse of(StoredAttempt a) {
        return new PaymentResponse(a.paymentId(), a.channel().name(), a.status().name(), a.amountFen(),
                a.principalFen(), a.lateFeeFen(), a.payUrl(), a.expiresAt().atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime(),
                a.paidAt() == null ? null : a.paidAt().atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime(),
                a.duplicate() ? Boolean.TRUE : null, a.routingReason());
    }
}
