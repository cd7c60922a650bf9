package io.govclear.simulator.bank;

import java.util.Optional;

/** The simulated banks: their codes in paths and messages, and how they sign. */
enum SimBank {
    ICBC("icbc", true),
    ABC("abc", false);

    private final String code;
    private final boolean sm2;

    SimBank(String code, boolean sm2) {
        this.code = code;
        this.sm2 = sm2;
    }

    String code() {
        return code;
    }

    /** SM2 with SM3 (ICBC), else RSA with SHA-256. */
    boolean sm2() {
        return sm2;
    }

    static Optional<SimBank> byCode(String code) {
        for (SimBank bank : values()) {
            if (bank.code.equals(code)) {
                return Optional.of(bank);
            }
        }
        return Optional.empty();
    }
}
