package io.govclear.counter.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;

/** A bank has taken the money: the amount it collected, its own serial number, and when. */
public record ConfirmRequest(
        @NotNull @Size(max = 20) String paymentCode,
        @NotNull @Positive @Max(10_000_000_000L) Long amountFen,
        @NotNull @Pattern(regexp = "[A-Za-z0-9]{1,32}", message = "must be 1-32 letters or digits") String bankSerialNo,
        @NotNull OffsetDateTime paidAt) {
}
