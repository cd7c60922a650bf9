package io.govclear.channel.bank;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The enabled banks and their parsed keys. Checked at startup, so an enabled bank without its keys stops the engine
 * with the names of the missing settings instead of failing on its first customer.
 */
@Startup
@Singleton
public class BankKeys {

    /** One enabled bank: its public key, our private key, its settings. */
    public record Keys(Bank bank, PublicKey bankPublicKey, PrivateKey privateKey, BankConfig.Settings settings) {
    }

    private final Map<Bank, Keys> enabled = new EnumMap<>(Bank.class);

    public BankKeys(BankConfig config) {
        for (Bank bank : Bank.values()) {
            BankConfig.Settings settings = settings(config, bank);
            if (!settings.enabled()) {
                continue;
            }
            String prefix = "GOVCLEAR_BANKS_" + bank.name();
            String publicKey = settings.bankPublicKey().orElseThrow(() -> missing(prefix + "_BANK_PUBLIC_KEY"));
            String privateKey = settings.privateKey().orElseThrow(() -> missing(prefix + "_PRIVATE_KEY"));
            enabled.put(bank, new Keys(bank, bank.scheme().publicKey(publicKey), bank.scheme().privateKey(privateKey),
                    settings));
        }
    }

    public static BankConfig.Settings settings(BankConfig config, Bank bank) {
        return bank == Bank.ICBC ? config.icbc() : config.abc();
    }

    /** The bank's keys when it is enabled. */
    public Optional<Keys> of(Bank bank) {
        return Optional.ofNullable(enabled.get(bank));
    }

    private static IllegalStateException missing(String variable) {
        return new IllegalStateException("bank counter enabled without its key: set " + variable);
    }
}
