package io.govclear.reconciliation.rest;

import io.govclear.reconciliation.DiscrepancyClass;
import io.govclear.reconciliation.Run;
import io.govclear.reconciliation.RunStatus;
import io.govclear.reconciliation.DiscrepancyRepository.ClassTotals;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as finance sees it (API.md): per class count and amount (MATCHED and every discrepancy class, always all of
 * them) for payments ({@code classes}) and for refunds ({@code refundClasses}), the statement's totals, ours
 * (payments and refunds), the channel's fees, and the discrepancies per status.
 */
public record RunView(long id, String channel, LocalDate businessDate, String status, int generation,
        String requestedBy, String error, Integer statementLines, Map<String, Amount> classes,
        Map<String, Amount> refundClasses, StatementTotals statementTotals, Amount platformTotals,
        Amount platformRefundTotals, Fees feeTotals, Map<String, Long> discrepancyStatus, OffsetDateTime createdAt,
        OffsetDateTime startedAt, OffsetDateTime finishedAt, String phase) {

    /** How many, and how much (fen). */
    public record Amount(long count, long amountFen) {
    }

    /** What the statement lists. */
    public record StatementTotals(int paymentCount, long paymentFen, int refundCount, long refundFen) {
    }

    /** What the channel charged net of what it gave back on refunds. */
    public record Fees(long netFeeFen) {
    }

    public static RunView of(Run run, List<ClassTotals> totals) {
        Map<String, Amount> classes = classes(run.matchedCount(), run.matchedFen());
        Map<String, Amount> refundClasses = classes(run.refundMatchedCount(), run.refundMatchedFen());
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (ClassTotals t : totals) {
            (t.refund() ? refundClasses : classes).merge(t.discrepancyClass().name(),
                    new Amount(t.count(), t.amountFen()),
                    (a, b) -> new Amount(a.count() + b.count(), a.amountFen() + b.amountFen()));
            byStatus.merge(t.status(), t.count(), Long::sum);
        }
        return new RunView(run.id(), run.channel().name(), run.businessDate(), run.status().name(), run.generation(),
                run.requestedBy(), run.error(), run.statementLines(), classes, refundClasses,
                new StatementTotals((int) zero(run.statementPaymentCount()), zero(run.statementPaymentFen()),
                        (int) zero(run.statementRefundCount()), zero(run.statementRefundFen())),
                new Amount(zero(run.platformCount()), zero(run.platformFen())),
                new Amount(zero(run.platformRefundCount()), zero(run.platformRefundFen())),
                new Fees(zero(run.statementFeeFen())), byStatus, run.createdAt(), run.startedAt(), run.finishedAt(),
                run.status() == RunStatus.RUNNING ? run.phase() : null);
    }

    /** Every class at zero but MATCHED. */
    private static Map<String, Amount> classes(Integer matchedCount, Long matchedFen) {
        Map<String, Amount> classes = new LinkedHashMap<>();
        for (DiscrepancyClass c : DiscrepancyClass.values()) {
            classes.put(c.name(), new Amount(0, 0));
        }
        classes.put(DiscrepancyClass.MATCHED.name(), new Amount(zero(matchedCount), zero(matchedFen)));
        return classes;
    }

    private static long zero(Number n) {
        return n == null ? 0 : n.longValue();
    }
}
