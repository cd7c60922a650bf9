package io.govclear.counter.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A bank asks what a payment code owes. */
public record QueryRequest(@NotNull @Size(max = 20) String paymentCode) {
}
