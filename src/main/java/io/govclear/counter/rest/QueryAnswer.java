package io.govclear.counter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.govclear.counter.BankAnswerCode;
import io.govclear.counter.service.CounterService;
import io.govclear.order.rest.BillResponse;
import io.govclear.order.rest.OrderResponse;
import io.govclear.order.rest.OrderViews;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer to a query: the code, and for a known bill its status (0 unpaid, 1 paid, 2 voided), the amount due on
 * this business day (principal + late fee), the masked payer, unit, items and the payee account.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryAnswer(String code, String answer, String message, String paymentCode, Integer status,
        Long amountDueFen, Long principalFen, Long lateFeeFen, Long overdueDays, LocalDate businessDate,
        String payerName, BillResponse.UnitResponse unit, List<OrderResponse.LineResponse> items, Payee payee) {

    /** The account the collected money goes to. */
    public record Payee(String accountName, String accountNo) {
    }

    public static QueryAnswer refused(BankAnswerCode code, String paymentCode) {
        return new QueryAnswer(code.code(), code.name(), code.message(), paymentCode, null, null, null, null, null,
                null, null, null, null, null);
    }

    /** The answer to what the counter found (a refusal has no bill). */
    public static QueryAnswer of(CounterService.Queried q) {
        BankAnswerCode code = q.code();
        if (q.order() == null) {
            return refused(code, q.paymentCode());
        }
        return new QueryAnswer(code.code(), code.name(), code.message(), q.paymentCode(), q.told().status(),
                q.told().amountDueFen(), q.order().principalFen(), q.told().lateFeeFen(), q.dues().overdueDays(),
                q.businessDate(), q.order().payerNameMasked(), OrderViews.unit(q.unit()), OrderViews.lines(q.dues()),
                new Payee(q.unit().name(), q.payeeAccount()));
    }
}
