package io.govclear.channel.bank;

import jakarta.inject.Singleton;

/** ABC's counters (SHA256withRSA). */
@Singleton
public class AbcChannel extends BankChannel {

    public AbcChannel(BankKeys keys, SignedBankHttp http) {
        super(Bank.ABC, keys, http);
    }
}
