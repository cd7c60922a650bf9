package io.govclear.channel.bank;

import jakarta.inject.Singleton;

/** ICBC's counters (SM3withSM2). */
@Singleton
public class IcbcChannel extends BankChannel {

    public IcbcChannel(BankKeys keys, SignedBankHttp http) {
        super(Bank.ICBC, keys, http);
    }
}
