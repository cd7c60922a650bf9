package io.govclear.channel.bank;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
            String prefix = "govclear.banks." + bank.code() + ".";
            List<String> missing = new ArrayList<>();
            if (settings.bankPublicKey().isEmpty()) {
                missing.add(prefix + "bank-public-key");
            }
            if (settings.privateKey().isEmpty()) {
                missing.add(prefix + "private-key");
            }
            if (settings.baseUrl().isEmpty()) {
                missing.add(prefix + "base-url");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("bank counter " + bank.code() + " is enabled without "
                        + String.join(", ", missing));
            }
            enabled.put(bank, new Keys(bank, bank.scheme().publicKey(settings.bankPublicKey().get()),
                    bank.scheme().privateKey(settings.privateKey().get()), settings));
        }
    }

    public static BankConfig.Settings settings(BankConfig config, Bank bank) {
        return bank == Bank.ICBC ? config.icbc() : config.abc();
    }

    /** The bank's keys when it is enabled. */
    public Optional<Keys> of(Bank bank) {
        return Optional.ofNullable(enabled.get(bank));
    }

}
