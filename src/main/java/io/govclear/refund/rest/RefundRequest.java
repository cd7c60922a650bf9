package io.govclear.refund.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** A unit's refund of one of its paid bills (API.md); refundRequestNo is the unit's idempotency key. */
public record RefundRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_./-]*",
                message = "letters, digits and _ . / - only") String refundRequestNo,
        @NotNull @Positive @Max(value = 10_000_000_000L, message = "must be at most 100,000,000.00 yuan")
        Long amountFen,
        @NotBlank @Size(max = 200) String reason) {
}
