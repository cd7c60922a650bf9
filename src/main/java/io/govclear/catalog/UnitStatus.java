package io.govclear.catalog;

/**
 * Where a collecting unit is in its life: ACTIVE issues bills; SUSPENDED cannot issue any (its open bills stay
 * payable and its other calls work); CLOSED is gone (its calls are refused).
 */
public enum UnitStatus {
    ACTIVE, SUSPENDED, CLOSED
}
