package io.govclear.settlement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.support.Bills;
import io.govclear.support.Payments;
import io.govclear.support.UnitApi;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two engine processes — the packaged jar started twice, each with its own port and connection pool — on one
 * database: bills paid through one of them, the day reconciled, then eight requests to build the day's batch sent at
 * the same instant, half to each. One batch is built (one 201, seven 200 with the same totals), every payment is in it
 * once, and the integrity check passes on both instances, before and after a supervisor confirms it on the other one.
 * Runs in {@code verify} (failsafe), after the jar is packaged.
 */
class TwoInstancesSettlementIT {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final String DB = "govclear_it_two_instances";
    private static final String PG_HOST = env("PGHOST", "127.0.0.1");
    private static final String PG_PORT = env("PGPORT", "5432");
    private static final String PG_USER = env("PGUSER", "postgres");
    private static final String PG_PASSWORD = env("PGPASSWORD", "postgres");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<Process> ENGINES = new ArrayList<>();
    private static int portA;
    private static int portB;

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @BeforeAll
    static void startTwoEngines() throws Exception {
        awayFromMidnight();
        admin("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        admin("CREATE DATABASE " + DB);
        portA = freePort();
        ENGINES.add(start(portA, "a"));
        awaitReady(portA);
        portB = freePort();
        ENGINES.add(start(portB, "b"));
        awaitReady(portB);
        RestAssured.port = portA;
    }

    @AfterAll
    static void stopEngines() throws Exception {
        for (Process engine : ENGINES) {
            engine.destroy();
        }
        for (Process engine : ENGINES) {
            engine.waitFor();
        }
        RestAssured.reset();
        admin("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
    }

    @Test
    void eightBuildersOnTwoInstancesMakeOneBatchThatPassesItsIntegrityCheckOnBoth() throws Exception {
        LocalDate today = LocalDate.now(BEIJING);
        long gross = 0;
        for (int i = 0; i < 6; i++) {
            long amount = 10_001 + 997L * i;
            String code = UnitApi.as("HZ-TRAFFIC").send("POST", "/api/v1/orders",
                            Bills.fine(Bills.orderNo(), amount, today.plusDays(10)), Instant.now().getEpochSecond(),
                            UnitApi.nonce())
                    .then().statusCode(201).extract().path("paymentCode");
            Payments.payBill(code, i % 2 == 0 ? "ALIPAY" : "WECHAT_PAY");
            gross += amount;
        }
        reconcile("ALIPAY", today);
        reconcile("WECHAT_PAY", today);

        String body = "{\"businessDate\":\"" + today + "\"}";
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int port = i % 2 == 0 ? portA : portB;
            answers.add(pool.submit(() -> {
                go.await();
                return HTTP.send(request(port, "/api/v1/settlements", "clerk")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            }));
        }
        go.countDown();
        Map<Integer, Integer> statuses = new HashMap<>();
        List<Long> nets = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            nets.add(JSON.readTree(response.body()).path("totalNetFen").asLong(-1));
        }
        pool.shutdown();
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 200, 7));
        assertThat(nets).containsOnly(gross);

        JsonNode batch = get(portB, "/api/v1/settlements/" + today, "auditor");
        assertThat(batch.path("totalGrossFen").asLong()).isEqualTo(gross);
        assertThat(batch.path("status").asText()).isEqualTo("DRAFT");
        assertIntegrity(today);

        HttpResponse<String> confirmed = HTTP.send(request(portB, "/api/v1/settlements/" + today + "/confirm",
                "supervisor").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(get(portA, "/api/v1/settlements/" + today, "auditor").path("status").asText())
                .isEqualTo("CONFIRMED");
        assertIntegrity(today);
    }

    private static void assertIntegrity(LocalDate day) throws Exception {
        for (int port : new int[] { portA, portB }) {
            JsonNode integrity = get(port, "/api/v1/settlements/" + day + "/integrity", "auditor");
            assertThat(integrity.path("ok").asBoolean()).as(integrity.toString()).isTrue();
        }
    }

    private static void reconcile(String channel, LocalDate day) {
        long id = given().auth().preemptive().basic("clerk", "demo-clerk").contentType("application/json")
                .body("{\"channel\":\"" + channel + "\",\"businessDate\":\"" + day + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().preemptive()
                .basic("auditor", "demo-auditor").get("/api/v1/reconciliations/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED")));
    }

    private static HttpRequest.Builder request(int port, String path, String user) {
        String basic = Base64.getEncoder().encodeToString((user + ":demo-" + user).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json");
    }

    private static JsonNode get(int port, String path, String user) throws Exception {
        HttpResponse<String> response = HTTP.send(request(port, path, user).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The packaged engine with the demo profile and its simulators on {@code port}, logging to target/. */
    private static Process start(int port, String name) throws IOException {
        Path jar = Path.of(System.getProperty("govclear.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).as("the packaged engine (run through mvn verify)").exists();
        Path log = Path.of("target", "two-instances-" + name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_PROFILE", "prod,demo");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + PG_HOST + ":" + PG_PORT + "/" + DB);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + DB);
        env.put("QUARKUS_DATASOURCE_USERNAME", PG_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", PG_PASSWORD);
        env.put("GOVCLEAR_DEMO_SEED", "true");
        env.put("GOVCLEAR_SIMULATOR_ENABLED", "true");
        env.put("GOVCLEAR_PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        env.put("GOVCLEAR_SETTLEMENT_DAILY", "false");
        env.put("GOVCLEAR_RECONCILIATION_DAILY", "false");
        return builder.start();
    }

    private static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    for (Process engine : ENGINES) {
                        assertThat(engine.isAlive()).as("an engine stopped; see target/two-instances-*.log").isTrue();
                    }
                    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    /** Bills are paid and settled on one Beijing date: a run that would cross midnight waits for it. */
    private static void awayFromMidnight() throws InterruptedException {
        ZonedDateTime now = ZonedDateTime.now(BEIJING);
        ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(BEIJING);
        Duration left = Duration.between(now, midnight);
        if (left.compareTo(Duration.ofMinutes(3)) < 0) {
            Thread.sleep(left.plusSeconds(5).toMillis());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres",
                PG_USER, PG_PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
