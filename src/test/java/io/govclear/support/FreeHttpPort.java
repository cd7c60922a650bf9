package io.govclear.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Picks the test HTTP port before Quarkus starts, so configuration that names the engine's own URL (the public base
 * URL, the simulators' base URLs, notify URLs) is right in tests: with quarkus.http.test-port=0 the port is known
 * only after the configuration has been read. Global: every @QuarkusTest gets it once any test class names it.
 */
public class FreeHttpPort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.http.test-port", Integer.toString(port),
                "govclear.public-base-url", "http://localhost:" + port);
    }

    @Override
    public void stop() {
        // nothing to release: the port was only looked up
    }
}
