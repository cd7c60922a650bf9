package io.govclear.simulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The simulators' own settings ({@code govclear.simulator.*}; GOVCLEAR_SIMULATOR_* in the environment). */
@ConfigMapping(prefix = "govclear.simulator")
public interface SimulatorConfig {

    /**
     * The engine's public base URL (in a cluster: its load balancer). The banks' tellers and the payout bank call its
     * signed interfaces there; notifies go to the URL each trade names.
     */
    @WithDefault("http://localhost:8080")
    String engineUrl();

    /** Multiplies the channels' real notify retry intervals (0.001 turns Alipay's 4 minutes into 240 ms). */
    @WithDefault("1")
    double timeScale();

    /** The file of the durable store: trades, refunds, notify schedules, confirmations and statement faults. */
    @WithDefault("data/simulators.mv")
    Path dataFile();

    /**
     * Serve the engine tests' controls: {@code PUT /sim/clock} (the clock follows the engine's test clock) and
     * {@code DELETE /sim/state} (forget everything). Never on for anything but the engine's own test run.
     */
    @WithDefault("false")
    boolean testControls();
}
