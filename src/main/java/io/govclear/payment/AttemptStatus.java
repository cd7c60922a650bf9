package io.govclear.payment;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A payment attempt's status, with the allowed transitions as data. */
public enum AttemptStatus {
    CREATED, PENDING, SUCCEEDED, FAILED, CLOSED, REVERSED;

    private static final Map<AttemptStatus, Set<AttemptStatus>> ALLOWED = Map.of(
            CREATED, EnumSet.of(PENDING, SUCCEEDED, FAILED, CLOSED),
            PENDING, EnumSet.of(SUCCEEDED, FAILED, CLOSED),
            // a success reported after we gave up is real money: it is recorded (as a duplicate payment if need be)
            FAILED, EnumSet.of(SUCCEEDED),
            CLOSED, EnumSet.of(SUCCEEDED),
            // a bank counter payment reversed (冲销) the same day, before the bank's day is reconciled
            SUCCEEDED, EnumSet.of(REVERSED),
            REVERSED, EnumSet.noneOf(AttemptStatus.class));

    public boolean canBecome(AttemptStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean open() {
        return this == CREATED || this == PENDING;
    }
}
