package io.govclear.funds.statement;

import java.time.LocalDate;

/** Whose statement and of which booking date, and the balance it opens with (fen, negative when overdrawn). */
public record BankStatementHeader(String account, String currency, LocalDate date, long openingFen) {
}
