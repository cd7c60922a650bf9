package io.govclear.counter.repository;

/** What a bank was told when it last queried a bill: bill status (0 unpaid, 1 paid, 2 voided) and amounts. */
public record BankQuery(int status, long principalFen, long lateFeeFen, long amountDueFen) {
}
