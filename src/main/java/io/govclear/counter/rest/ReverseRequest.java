package io.govclear.counter.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A bank takes back its confirmation (冲销), named by its serial number. */
public record ReverseRequest(
        @NotNull @Size(max = 20) String paymentCode,
        @NotNull @Pattern(regexp = "[A-Za-z0-9]{1,32}", message = "must be 1-32 letters or digits")
        String bankSerialNo) {
}
