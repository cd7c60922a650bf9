package io.govclear.simulator;

import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** The simulators answer only when GOVCLEAR_SIMULATOR_ENABLED=true; otherwise /sim/** does not exist. */
public class SimulatorGate {

    private final boolean enabled;

    public SimulatorGate(GovClearConfig config) {
        this.enabled = config.simulator().enabled();
    }

    @ServerRequestFilter(preMatching = true)
    public void gate(ContainerRequestContext request) {
        if (!enabled && request.getUriInfo().getPath().startsWith("/sim/")) {
            throw ProblemException.notFound("NOT_FOUND", "No resource at this path");
        }
    }
}
