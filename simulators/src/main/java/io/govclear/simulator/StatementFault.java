package io.govclear.simulator;

import java.time.LocalDate;

/**
 * Body of POST /sim/{channel}/statement-faults: how the simulated channel's statement for a business date differs
 * from what really happened, so reconciliation meets each discrepancy for real.
 * <ul>
 * <li>OMIT_TRADE: the payment of paymentId is left out of the file;</li>
 * <li>ALTER_AMOUNT: the file lists it with amountFen (default: one yuan more);</li>
 * <li>ADD_CHANNEL_ONLY: the channel has a paid trade (paymentId, default a new id; amountFen, default 1 yuan) that
 * the engine never created; paid at noon that day; its query answers it as paid;</li>
 * <li>CROSS_MIDNIGHT: the payment is listed in the next day's file instead (the channel booked it after midnight);</li>
 * <li>CORRUPT_LINE (WeChat Pay only): the payment's line gets an extra column, so the file is malformed.</li>
 * </ul>
 */
public record StatementFault(LocalDate businessDate, Kind kind, String paymentId, Long amountFen) {

    public enum Kind {
        OMIT_TRADE, ALTER_AMOUNT, ADD_CHANNEL_ONLY, CROSS_MIDNIGHT, CORRUPT_LINE
    }
}
