package io.govclear.channel.bank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's side of each bank counter ({@code govclear.banks.icbc.*}, {@code govclear.banks.abc.*}). Production
 * sets them from the environment (GOVCLEAR_BANKS_ICBC_ENABLED, …_BANK_PUBLIC_KEY, …_PRIVATE_KEY, …_BASE_URL); dev,
 * test and demo ship throw-away keys that match the bank simulator's.
 */
@ConfigMapping(prefix = "govclear.banks")
public interface BankConfig {

    Settings icbc();

    Settings abc();

    /** One bank. */
    interface Settings {
        /** Serve this bank's counter API and book its payments; a disabled bank's calls are 404. */
        @WithDefault("false")
        boolean enabled();

        /** The bank's public key (X.509 DER, Base64): verifies its requests and its answers. Required if enabled. */
        Optional<String> bankPublicKey();

        /** Our private key for this bank (PKCS#8 DER, Base64): signs our answers and requests. Required if enabled. */
        Optional<String> privateKey();

        /** The bank's API (refunds, confirmation queries, day-end file). Required if enabled. */
        Optional<String> baseUrl();

        /** How long to wait for a connection to the bank. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** How long to wait for the bank's answer before it counts as UNKNOWN. */
        @WithDefault("5s")
        Duration readTimeout();

        /**
         * When set, the most one call may take from request to complete answer, however steadily it trickles in;
         * past it the answer is UNKNOWN. Unset: only the connect and read timeouts apply.
         */
        Optional<Duration> overallTimeout();
    }
}
