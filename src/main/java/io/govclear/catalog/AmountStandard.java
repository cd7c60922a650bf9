package io.govclear.catalog;

/** How a charge item's amount is set: fixed by the item, within a range, or free (set per bill). */
public enum AmountStandard {
    FIXED, RANGE, FREE
}
