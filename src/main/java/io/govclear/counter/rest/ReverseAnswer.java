package io.govclear.counter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.govclear.counter.BankAnswerCode;

/** The answer to a reverse: OK (reversed now or before) with the confirmation number, or a refusal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReverseAnswer(String code, String answer, String message, String paymentCode, String bankSerialNo,
        String confirmationNo, String status) {

    public static ReverseAnswer of(BankAnswerCode code, ReverseRequest request, String confirmationNo) {
        return new ReverseAnswer(code.code(), code.name(), code.message(), request.paymentCode(),
                request.bankSerialNo(), confirmationNo, code == BankAnswerCode.OK ? "REVERSED" : null);
    }
}
