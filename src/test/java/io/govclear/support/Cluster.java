package io.govclear.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packaged processes for the integration tests (*IT, run by failsafe after {@code package}): engines (the engine's
 * jar) on a database of their own, and the channel simulators (simulators/'s jar), each on its own port, logging to
 * target/. Killing one with {@link #kill} is {@code kill -9}: no shutdown hook runs, nothing is flushed.
 */
public final class Cluster implements AutoCloseable {

    private static final String PG_HOST = env("PGHOST", "127.0.0.1");
    private static final String PG_PORT = env("PGPORT", "5432");
    private static final String PG_USER = env("PGUSER", "postgres");
    private static final String PG_PASSWORD = env("PGPASSWORD", "postgres");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path ENGINE_JAR = Path.of(System.getProperty("govclear.jar",
            "target/quarkus-app/quarkus-run.jar"));
    private static final Path SIMULATORS_JAR = Path.of("simulators/target/quarkus-app/quarkus-run.jar");

    private final String database;
    private final List<Process> processes = new ArrayList<>();

    /** A fresh database for this cluster's engines. */
    public Cluster(String database) {
        this.database = database;
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        admin("CREATE DATABASE " + database);
    }

    /**
     * The packaged engine in its demo profile on {@code port}: the demo catalog, the dev/test/demo channel keys, every
     * channel pointed at the simulators on {@code simulatorsUrl}; its notify URLs name {@code publicUrl}.
     */
    public Process engine(String name, int port, String publicUrl, String simulatorsUrl) {
        assertThat(ENGINE_JAR).as("the packaged engine (run through mvn verify)").exists();
        return track(start("engine-" + name, List.of("-Xmx384m", "-jar", ENGINE_JAR.toString()), Map.ofEntries(
                Map.entry("QUARKUS_PROFILE", "demo"),
                Map.entry("QUARKUS_HTTP_PORT", Integer.toString(port)),
                Map.entry("QUARKUS_DATASOURCE_REACTIVE_URL",
                        "postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database),
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(database)),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", PG_USER),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", PG_PASSWORD),
                Map.entry("GOVCLEAR_DEMO_SEED", "true"),
                Map.entry("GOVCLEAR_PUBLIC_BASE_URL", publicUrl),
                Map.entry("GOVCLEAR_SIMULATORS_URL", simulatorsUrl),
                Map.entry("GOVCLEAR_PAYMENTS_QUERY_BACKOFF", "1s,1s,2s,2s,5s"),
                Map.entry("GOVCLEAR_PAYMENTS_COMPENSATION_INTERVAL", "1s"),
                Map.entry("GOVCLEAR_SETTLEMENT_DAILY", "false"),
                Map.entry("GOVCLEAR_RECONCILIATION_DAILY", "false")), port));
    }

    /** The packaged simulators on {@code port}, their state in {@code dataFile}, sending to {@code engineUrl}. */
    public Process simulators(String name, int port, String engineUrl, Path dataFile, double timeScale) {
        return track(startSimulators(name, port, engineUrl, dataFile, timeScale, Map.of()));
    }

    /**
     * The packaged simulators as a process the caller stops (the engine's tests start one per JVM), with
     * {@code settings} in the environment besides; ready when this returns.
     */
    public static Process startSimulators(String name, int port, String engineUrl, Path dataFile, double timeScale,
            Map<String, String> settings) {
        assertThat(SIMULATORS_JAR).as("the packaged simulators (scripts/test.sh builds them)").exists();
        Map<String, String> env = new HashMap<>(settings);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("GOVCLEAR_SIMULATOR_ENGINE_URL", engineUrl);
        env.put("GOVCLEAR_SIMULATOR_DATA_FILE", dataFile.toAbsolutePath().toString());
        env.put("GOVCLEAR_SIMULATOR_TIME_SCALE", Double.toString(timeScale));
        return start("simulators-" + name, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                SIMULATORS_JAR.toString()), env, port);
    }

    private Process track(Process process) {
        processes.add(process);
        return process;
    }

    /** A process with these arguments and environment, ready when /q/health/ready answers 200 on {@code port}. */
    private static Process start(String name, List<String> args, Map<String, String> env, int port) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Path log = Path.of("target", name + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> {
                        assertThat(process.isAlive()).as(name + " stopped; see " + log).isTrue();
                        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    });
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** One number from this cluster's database. */
    public long count(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), PG_USER, PG_PASSWORD);
                Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            process.waitFor();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, PG_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
