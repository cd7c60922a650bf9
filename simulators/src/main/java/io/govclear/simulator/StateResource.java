package io.govclear.simulator;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code DELETE /sim/state}: the simulators forget everything they hold. Only with
 * {@code govclear.simulator.test-controls=true}: a test run whose engine database starts empty (and so hands out the
 * same merchant order numbers again) starts its channels empty too. A real channel never forgets.
 */
@Path("/sim/state")
public class StateResource {

    private final SimStore store;
    private final SimulatorConfig controls;

    StateResource(SimStore store, SimulatorConfig controls) {
        this.store = store;
        this.controls = controls;
    }

    @DELETE
    public Response forget() {
        if (!controls.testControls()) {
            throw SimProblem.notFound("NOT_FOUND", "The test controls are off (govclear.simulator.test-controls)");
        }
        store.clear();
        return Response.noContent().build();
    }
}
