package io.govclear.catalog;

/** What kind of non-tax revenue a charge item is. */
public enum ItemCategory {
    FINE, TUITION, EXAM_FEE, SOCIAL_SECURITY, ADMIN_FEE
}
