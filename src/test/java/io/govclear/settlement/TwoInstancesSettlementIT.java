package io.govclear.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.support.Bills;
import io.govclear.support.Cluster;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.UnitApi;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
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
 * database and one simulator process: bills checked out on instance A and paid at the simulated channel, whose
 * notifies (ten copies at once) reach instance B (A's public URL is B's, as behind a load balancer), each booked
 * once; the day reconciled, then eight requests to build the day's batch sent at the same instant, half to each. One
 * batch is built (one 201, seven 200 with the same totals), every payment is in it once, and the integrity check
 * passes on both instances, before and after a supervisor confirms it on the other one. Runs in {@code verify}
 * (failsafe), after the jar is packaged.
 */
class TwoInstancesSettlementIT {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Cluster cluster;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void startTwoEnginesAndTheirChannels() {
        awayFromMidnight();
        cluster = new Cluster("govclear_it_two_instances");
        portA = Cluster.freePort();
        portB = Cluster.freePort();
        int simulators = Cluster.freePort();
        String simulatorsUrl = "http://127.0.0.1:" + simulators;
        cluster.simulators("two-instances", simulators, "http://127.0.0.1:" + portA,
                Path.of("target", "it-two-instances-" + simulators + ".mv"), 0.001);
        cluster.engine("a", portA, "http://127.0.0.1:" + portB, simulatorsUrl);
        cluster.engine("b", portB, "http://127.0.0.1:" + portA, simulatorsUrl);
        System.setProperty(Simulators.URL_PROPERTY, simulatorsUrl);
        RestAssured.port = portA;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        RestAssured.reset();
        System.clearProperty(Simulators.URL_PROPERTY);
        cluster.close();
    }

    @Test
    void eightBuildersOnTwoInstancesMakeOneBatchThatPassesItsIntegrityCheckOnBoth() throws Exception {
        LocalDate today = LocalDate.now(BEIJING);
        long gross = 0;
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long amount = 10_001 + 997L * i;
            String code = UnitApi.as("HZ-TRAFFIC").send("POST", "/api/v1/orders",
                            Bills.fine(Bills.orderNo(), amount, today.plusDays(10)), Instant.now().getEpochSecond(),
                            UnitApi.nonce())
                    .then().statusCode(201).extract().path("paymentCode");
            String channel = i % 2 == 0 ? "ALIPAY" : "WECHAT_PAY";
            String paymentId = Payments.start(code, channel);
            Payments.pay(channel, paymentId, "DUPLICATE");
            Payments.awaitSucceeded(paymentId);
            codes.add(code);
            gross += amount;
        }
        // each notify reached instance B ten times at once; each payment was booked once
        for (String code : codes) {
            assertThat(cluster.count("SELECT count(*) FROM journal_entry WHERE reference = '" + code + "'"))
                    .as("journal entries of " + code).isEqualTo(1);
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
        long id = Staff.sendingJson("clerk").body("{\"channel\":\"" + channel + "\",\"businessDate\":\"" + day + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Staff.as("auditor")
                .get("/api/v1/reconciliations/" + id).then().statusCode(200).body("status", equalTo("COMPLETED")));
    }

    private static HttpRequest.Builder request(int port, String path, String user) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", Staff.authorization(user))
                .header("Content-Type", "application/json");
    }

    private static JsonNode get(int port, String path, String user) throws Exception {
        HttpResponse<String> response = HTTP.send(request(port, path, user).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * Bills are paid and settled on one Beijing date: a run that would cross midnight waits for the next day (the
     * packaged engines run on the real clock, not the tests' TestClock).
     */
    private static void awayFromMidnight() {
        ZonedDateTime now = ZonedDateTime.now(BEIJING);
        ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(BEIJING);
        Duration left = Duration.between(now, midnight);
        if (left.compareTo(Duration.ofMinutes(3)) < 0) {
            await("the next Beijing day").atMost(left.plusMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !ZonedDateTime.now(BEIJING).isBefore(midnight.plusSeconds(5)));
        }
    }

}
