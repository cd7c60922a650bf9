package io.govclear.simulator.bank;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What happened at the counter: the bank serial number, the amount collected and each step's answer from the engine
 * (its signed JSON answer, or {httpStatus, trusted, body} when it was not a trusted 200).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CounterOutcome(String bank, String paymentCode, String bankSerialNo, Long amountFen,
        String confirmationNo, JsonNode query, JsonNode confirm, JsonNode repeatConfirm, JsonNode reverse) {
}
