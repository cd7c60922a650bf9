package io.govclear.funds.statement;

/** The formats an agent bank's account statement comes in. */
public enum BankStatementFormat {
    /** ISO 20022 camt.053 (BankToCustomerStatement), XML, versions .02 to .08. */
    CAMT053,
    /** The bank's CSV account detail (账户交易明细). */
    CSV
}
