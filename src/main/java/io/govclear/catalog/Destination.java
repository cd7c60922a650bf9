package io.govclear.catalog;

/** Where collected money goes: straight to the treasury (直接缴库) or the fiscal special account (财政专户). */
public enum Destination {
    TREASURY, FISCAL_SPECIAL_ACCOUNT
}
