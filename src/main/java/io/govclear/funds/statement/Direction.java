package io.govclear.funds.statement;

/** Money into the account (CREDIT) or out of it (DEBIT). */
public enum Direction {
    CREDIT, DEBIT
}
