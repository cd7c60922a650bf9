package io.govclear.payment.rest;

import io.govclear.channel.Channel;

/** Body of POST /api/v1/bills/{paymentCode}/payments; no channel lets the engine choose. */
public record CheckoutRequest(Channel channel) {
}
