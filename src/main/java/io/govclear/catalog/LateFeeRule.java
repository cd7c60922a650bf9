package io.govclear.catalog;

/** The legal basis of an item's late fee: none, a fine's 加处罚款 (capped), or social-insurance 滞纳金. */
public enum LateFeeRule {
    NONE, FINE, SOCIAL_INSURANCE
}
