package io.govclear.counter.repository;

import io.govclear.channel.bank.Bank;
import java.time.Instant;
import java.time.LocalDate;

/** A bank's confirmation as stored: one per (bank, bank serial number). */
public record Confirmation(long id, Bank bank, String bankSerialNo, String confirmationNo, long attemptId,
        long orderId, String paymentCode, long amountFen, Instant paidAt, LocalDate businessDate, boolean duplicate,
        boolean reversed, Instant reconciledAt) {
}
