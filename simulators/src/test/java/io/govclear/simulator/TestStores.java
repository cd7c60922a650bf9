package io.govclear.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;

/** A simulators' store on a file of the test's own, outside Quarkus. */
final class TestStores {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private TestStores() {
    }

    static SimStore open(Path file) {
        return new SimStore(new Settings(file), JSON);
    }

    private record Settings(Path dataFile) implements SimulatorConfig {

        @Override
        public String engineUrl() {
            return "http://localhost:8080";
        }

        @Override
        public double timeScale() {
            return 1;
        }

        @Override
        public boolean testControls() {
            return false;
        }
    }
}
