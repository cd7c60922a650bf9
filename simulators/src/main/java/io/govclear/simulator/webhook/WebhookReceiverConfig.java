package io.govclear.simulator.webhook;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** The units whose webhooks this receiver checks: unit code → the unit's API secret. */
@ConfigMapping(prefix = "govclear.simulator.webhook-receiver")
public interface WebhookReceiverConfig {

    /** {@code govclear.simulator.webhook-receiver.secrets.<UNIT>=<secret>} */
    Map<String, String> secrets();
}
