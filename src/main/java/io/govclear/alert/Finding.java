package io.govclear.alert;

import java.util.Map;

/**
 * A condition found abnormal by one evaluation: what is off ({@code subject}: a channel, a unit, a username, ALL, a
 * channel and a business date), which way ({@code variant}, e.g. SURGE or DROP; null when there is one way) and what
 * was measured against which threshold. Its fingerprint names it across evaluations.
 */
public record Finding(AlertKind kind, String subject, String variant, Map<String, Object> details) {

    public String fingerprint() {
        return kind + "|" + subject + (variant == null ? "" : "|" + variant);
    }
}
