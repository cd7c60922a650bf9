package io.govclear.simulator.bank;

/**
 * Body of POST /sim/bank/{bankCode}/counter-payments: the payment code the payer brought, and options for tests:
 * {@code amountFen} collects that amount instead of the amount due (and confirms even when the query refused),
 * {@code bankSerialNo} reuses a serial number, {@code skipQuery} confirms without asking first,
 * {@code repeatConfirm} sends the same confirm twice, {@code reverse} reverses it right after.
 */
public record CounterRequest(String paymentCode, Long amountFen, String bankSerialNo, Boolean skipQuery,
        Boolean repeatConfirm, Boolean reverse) {
}
