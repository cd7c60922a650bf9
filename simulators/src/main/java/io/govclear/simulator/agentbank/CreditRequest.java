package io.govclear.simulator.agentbank;

import java.math.BigDecimal;

/**
 * Body of POST /sim/agent-bank/credits: a payer's own transfer to the collection account (未明款项), booked on
 * {@code date} without any reference. Texts and numbers are taken loosely and checked by the bank, so that every bad
 * field is a problem naming it.
 */
public record CreditRequest(String date, BigDecimal amountFen, String payerName, String payerAccount,
        String remittance) {
}
