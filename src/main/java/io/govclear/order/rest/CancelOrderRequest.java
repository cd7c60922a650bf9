package io.govclear.order.rest;

import jakarta.validation.constraints.Size;

/** Optional body of a cancellation. */
public record CancelOrderRequest(@Size(max = 200) String reason) {
}
