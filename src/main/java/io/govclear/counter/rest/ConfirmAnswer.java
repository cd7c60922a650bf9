package io.govclear.counter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.govclear.counter.BankAnswerCode;
import io.govclear.counter.repository.Confirmation;
import io.govclear.counter.service.CounterService;
import java.time.LocalDate;

/**
 * The answer to a confirm. With a confirmation number the money is ours: code OK (the bill is paid) or ALREADY_PAID
 * with {@code duplicate: true} (the bill was paid elsewhere meanwhile; we refund the payer). Without one, refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfirmAnswer(String code, String answer, String message, String paymentCode, String bankSerialNo,
        String confirmationNo, Long amountFen, LocalDate businessDate, Boolean duplicate, String status) {

    public static ConfirmAnswer refused(BankAnswerCode code, ConfirmRequest request) {
        return new ConfirmAnswer(code.code(), code.name(), code.message(), request.paymentCode(),
                request.bankSerialNo(), null, null, null, null, null);
    }

    /** The answer to the counter's outcome: the confirmation, or a refusal echoing the request. */
    public static ConfirmAnswer of(CounterService.Confirmed outcome, ConfirmRequest request) {
        Confirmation c = outcome.confirmation();
        BankAnswerCode code = outcome.code();
        if (c == null) {
            return refused(code, request);
        }
        return new ConfirmAnswer(code.code(), code.name(), code.message(), c.paymentCode(), c.bankSerialNo(),
                c.confirmationNo(), c.amountFen(), c.businessDate(), c.duplicate(),
                c.reversed() ? "REVERSED" : "CONFIRMED");
    }
}
