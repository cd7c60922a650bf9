package io.govclear.channel.bank;

import io.govclear.channel.Channel;
import java.util.Optional;

/** The banks whose counters collect bills, with the channel their payments are booked on and how they sign. */
public enum Bank {
    ICBC(Channel.BANK_ICBC, SignatureScheme.SM3_WITH_SM2),
    ABC(Channel.BANK_ABC, SignatureScheme.SHA256_WITH_RSA);

    private final Channel channel;
    private final SignatureScheme scheme;

    Bank(Channel channel, SignatureScheme scheme) {
        this.channel = channel;
        this.scheme = scheme;
    }

    public Channel channel() {
        return channel;
    }

    public SignatureScheme scheme() {
        return scheme;
    }

    /** The bank's code in paths and in the X-Bank-Code header: icbc, abc (the channel's slug). */
    public String code() {
        return channel.slug();
    }

    public static Optional<Bank> byCode(String code) {
        for (Bank bank : values()) {
            if (bank.code().equals(code)) {
                return Optional.of(bank);
            }
        }
        return Optional.empty();
    }

    public static Bank of(Channel channel) {
        for (Bank bank : values()) {
            if (bank.channel == channel) {
                return bank;
            }
        }
        throw new IllegalArgumentException(channel + " is not a bank");
    }
}
