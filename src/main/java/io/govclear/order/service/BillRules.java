package io.govclear.order.service;

import io.govclear.catalog.AmountStandard;
import io.govclear.catalog.Catalog;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.rest.CreateOrderRequest;
import io.govclear.security.Digests;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The rules a bill's lines and identity follow, apart from the service that issues it: each line's amount against
 * its item's standard (FIXED, RANGE, FREE) and the request hash that makes issuing idempotent on unitOrderNo.
 */
final class BillRules {

    private BillRules() {
    }

    static long amountOf(Catalog.Item item, Long requested, String field) {
        AmountStandard standard = item.amountStandard();
        if (standard == AmountStandard.FIXED) {
            if (requested != null && requested.longValue() != item.fixedAmountFen()) {
                throw amountProblem(ProblemCode.AMOUNT_MISMATCH, field, item.code() + " is a fixed charge of "
                        + item.fixedAmountFen() + " fen");
            }
            return item.fixedAmountFen();
        }
        if (requested == null) {
            throw amountProblem(ProblemCode.AMOUNT_REQUIRED, field, item.code() + " needs amountFen");
        }
        if (standard == AmountStandard.RANGE
                && (requested < item.minAmountFen() || requested > item.maxAmountFen())) {
            throw amountProblem(ProblemCode.AMOUNT_OUT_OF_RANGE, field, item.code() + " must be between "
                    + item.minAmountFen() + " and " + item.maxAmountFen() + " fen");
        }
        return requested;
    }

    private static ProblemException amountProblem(ProblemCode code, String field, String detail) {
        return new ProblemException(code, detail,
                List.of(new ProblemException.FieldError(field + ".amountFen", detail)));
    }

    /** SHA-256 of the normalised request: the same bill with or without a FIXED amount hashes the same. */
    static byte[] requestHash(CreateOrderRequest bill, List<StoredOrder.Line> lines) {
        StringBuilder canonical = new StringBuilder(256);
        field(canonical, bill.unitOrderNo());
        for (StoredOrder.Line line : lines) {
            field(canonical, Long.toString(line.itemId()));
            field(canonical, Long.toString(line.amountFen()));
        }
        field(canonical, bill.payer().name());
        field(canonical, upper(bill.payer().idNumber()));
        field(canonical, bill.payer().phone());
        field(canonical, bill.dueDate().toString());
        field(canonical, bill.payableUntil() == null ? null : bill.payableUntil().toString());
        field(canonical, bill.description());
        return Digests.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Length-prefixed, so no two different requests share a canonical form. */
    private static void field(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("-;");
        } else {
            sb.append(value.length()).append(':').append(value).append(';');
        }
    }

    static String upper(String s) {
        return s == null ? null : s.toUpperCase();
    }
}
