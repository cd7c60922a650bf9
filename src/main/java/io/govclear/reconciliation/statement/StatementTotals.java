package io.govclear.reconciliation.statement;

/** What a parsed statement adds up to: payments and refunds (count, fen) and the net fee. */
public record StatementTotals(int paymentCount, long paymentFen, int refundCount, long refundFen, long feeFen) {

    public static final StatementTotals EMPTY = new StatementTotals(0, 0, 0, 0, 0);

    public StatementTotals plus(StatementLine line) {
        return line.kind() == LineKind.PAYMENT
                ? new StatementTotals(paymentCount + 1, paymentFen + line.amountFen(), refundCount, refundFen,
                        feeFen + line.feeFen())
                : new StatementTotals(paymentCount, paymentFen, refundCount + 1, refundFen + line.amountFen(),
                        feeFen + line.feeFen());
    }

    public int lines() {
        return paymentCount + refundCount;
    }
}
