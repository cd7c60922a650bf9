package io.govclear.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.govclear.common.Problem;
import java.util.List;

/** One result per bill of a batch, in request order. */
public record BatchOrderResponse(List<Result> results) {

    /** CREATED (new bill), EXISTING (same request seen before) or REJECTED (with the problem). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String unitOrderNo, String status, String paymentCode, Problem problem) {
    }
}
