package io.govclear.order.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/** A bill as a collecting unit issues it (API.md). Unknown fields are rejected by the JSON reader. */
public record CreateOrderRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_./-]*",
                message = "letters, digits and _ . / - only") String unitOrderNo,
        @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid Line> lines,
        @NotNull @Valid Payer payer,
        @NotNull LocalDate dueDate,
        LocalDate payableUntil,
        @Size(max = 200) String description) {

    /** One charge on the bill; amountFen may be omitted for a FIXED item. */
    public record Line(
            @NotBlank @Size(max = 32) String itemCode,
            @Positive @Max(value = 10_000_000_000L, message = "must be at most 100,000,000.00 yuan") Long amountFen) {
    }

    /** The payer; the ID number and phone are encrypted at rest and masked in every response. */
    public record Payer(
            @NotBlank @Size(max = 50) String name,
            @Pattern(regexp = "[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx]",
                    message = "must be an 18-character resident ID number") String idNumber,
            @Pattern(regexp = "1[3-9]\\d{9}", message = "must be an 11-digit mobile number") String phone) {
    }
}
