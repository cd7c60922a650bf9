package io.govclear.settlement.rest;

import java.util.List;

/** A batch as finance sees it (API.md), with what it holds back and why. */
public record SettlementView(String businessDate, String status, int issueNo, long totalGrossFen,
        long totalRefundFen, long totalFeeFen, long feeDeductedFen, long totalNetFen, long heldFen,
        long heldRefundFen, long carriedInFen, String preparedBy, String confirmedBy, String failure,
        List<Held> held, List<Line> lines) {

    /** One unit and item: gross includes the late fees (shown again on their own); net after fees if deducted. */
    public record Line(String unitCode, String itemCode, String destination, long grossFen, long lateFeeFen,
            long refundFen, long feeFen, boolean feeDeducted, long netFen, List<Split> splits) {
    }

    public record Split(String level, long amountFen) {
    }

    /** A payment or refund held back: DISCREPANCY (unresolved) or RUN_MISSING (its channel's day not reconciled). */
    public record Held(String kind, String reference, String channel, long amountFen, String reason) {
    }
}
