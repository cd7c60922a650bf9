package io.govclear.settlement;

import java.time.LocalDate;

/** The payout bank's signed answer about one issue of a batch's payout. */
public record PayoutAnswer(LocalDate businessDate, int issueNo, Outcome outcome, String bankReference,
        String reason) {

    public enum Outcome {
        PAID, FAILED
    }
}
