package io.govclear.simulator;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the engine's signed endpoints the payout bank calls (payout confirmation, treasury receipts), on a
 * free port of its own: it keeps every request it gets and answers 200 {"status":"CONFIRMED"} to a confirmation and
 * {@link #receiptStatus} {"receiptNo":…} to a receipt. The simulators' engine-url points at it for the whole test run.
 */
public class EngineStub implements QuarkusTestResourceLifecycleManager {

    /** One request the stub got: its path, its X-Payout-Signature and its exact body. */
    public record Received(String path, String signature, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** What the stub answers a treasury receipt with. */
    public static volatile int receiptStatus = 201;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            RECEIVED.add(new Received(path, exchange.getRequestHeaders().getFirst("X-Payout-Signature"), body));
            boolean receipt = path.endsWith("/treasury-receipts");
            byte[] answer = (receipt ? "{\"receiptNo\":\"stub\"}" : "{\"status\":\"CONFIRMED\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(receipt ? receiptStatus : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return Map.of("govclear.simulator.engine-url", "http://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
