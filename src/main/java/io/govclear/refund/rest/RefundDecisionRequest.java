package io.govclear.refund.rest;

import jakarta.validation.constraints.Size;

/** A supervisor's approval (reason optional) or rejection (reason required) of a refund. */
public record RefundDecisionRequest(@Size(max = 200) String reason) {
}
