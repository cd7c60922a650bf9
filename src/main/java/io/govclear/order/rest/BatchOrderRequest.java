package io.govclear.order.rest;

import java.util.List;

/** Up to 1,000 bills in one call; each is validated and made idempotent on its own. */
public record BatchOrderRequest(List<CreateOrderRequest> orders) {
}
