package io.govclear.simulator.bank;

import java.time.Instant;

/** A payment the simulated bank confirmed with the engine: a line of its day-end file unless reversed. */
record CounterPayment(String paymentCode, long amountFen, String bankSerialNo, String confirmationNo,
        Instant paidAt, boolean reversed) {

    /** The payment as a (faulty) day-end file lists it. */
    CounterPayment listedWith(long listedFen) {
        return new CounterPayment(paymentCode, listedFen, bankSerialNo, confirmationNo, paidAt, reversed);
    }

    CounterPayment reversedNow() {
        return new CounterPayment(paymentCode, amountFen, bankSerialNo, confirmationNo, paidAt, true);
    }
}
