package io.govclear.simulator.bank;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The simulated banks' side of the keys ({@code govclear.simulator.banks.icbc.*}, {@code …abc.*}). Optional so that
 * production, where the simulator is off, needs none of them; the simulator refuses to serve a bank without them.
 */
@ConfigMapping(prefix = "govclear.simulator.banks")
public interface BankSimulatorConfig {

    Keys icbc();

    Keys abc();

    /** One bank's keys. */
    interface Keys {
        /** The bank's private key (PKCS#8 DER, Base64): signs its requests and answers. */
        Optional<String> bankPrivateKey();

        /** The engine's public key for this bank (X.509 DER, Base64): verifies the engine's requests and answers. */
        Optional<String> enginePublicKey();
    }
}
