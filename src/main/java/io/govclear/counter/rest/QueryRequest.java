package io.govclear.counter.rest;

import jakarta.validation.constraints.NotNull;

/** A bank asks what a payment code owes. */
public record QueryRequest(@NotNull String paymentCode) {
}
