package io.govclear.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govclear.support.Bills;
import io.govclear.support.Cluster;
import io.govclear.support.Staff;
import io.govclear.support.UnitApi;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged engines on one database: a catalog change approved on one is in force on the other within seconds
 * (LISTEN / NOTIFY, not the minute's reload): a new unit's key, then its suspension.
 */
class TwoInstancesCatalogIT {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static Cluster cluster;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void startTwoEngines() {
        cluster = new Cluster("govclear_it_two_catalogs");
        portA = Cluster.freePort();
        portB = Cluster.freePort();
        String noSimulators = "http://127.0.0.1:" + Cluster.freePort();
        cluster.engine("catalog-a", portA, "http://127.0.0.1:" + portA, noSimulators);
        cluster.engine("catalog-b", portB, "http://127.0.0.1:" + portB, noSimulators);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        RestAssured.reset();
        cluster.close();
    }

    @Test
    void aChangeApprovedOnOneInstanceIsInForceOnTheOtherWithinSeconds() {
        String code = "TWO-" + Long.toString(System.nanoTime(), 36).toUpperCase();
        long proposal = on(portA, () -> Staff.sendingJson("clerk").body("{\"code\":\"" + code + "\",\"name\":\"双实例测试单位\","
                        + "\"regionCode\":\"330100\",\"allowedChannels\":[\"ALIPAY\"],\"settlementAccount\":"
                        + "\"1202020109900077777\",\"reason\":\"上线\"}").post("/api/v1/admin/units"))
                .then().statusCode(202).extract().jsonPath().getLong("id");
        on(portA, () -> Staff.sendingJson("supervisor").body("{\"reason\":\"同意\"}")
                .post("/api/v1/admin/catalog/proposals/" + proposal + "/approve")).then().statusCode(200);
        cluster.count("WITH i AS (INSERT INTO charge_item (unit_id, code, name, category, amount_standard,"
                + " late_fee_rule, destination, income_classification, share_province_bp) SELECT id, 'FEE', '费',"
                + " 'ADMIN_FEE', 'FREE', 'NONE', 'TREASURY', '1030401', 10000 FROM collecting_unit WHERE code = '"
                + code + "' RETURNING 1) SELECT count(*) FROM i");
        String secret = on(portA, () -> Staff.sendingJson("admin").body("{\"reason\":\"接入\"}")
                .post("/api/v1/admin/units/" + code + "/credentials")).then().statusCode(201).extract().path("secret");

        // the key issued on A signs a bill on B
        Instant issued = Instant.now();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> issue(portB, code, secret).statusCode() == 201);
        Duration keyLag = Duration.between(issued, Instant.now());

        // a suspension approved on A refuses bills on B
        long suspend = on(portA, () -> Staff.sendingJson("clerk").body("{\"reason\":\"暂停\"}")
                .post("/api/v1/admin/units/" + code + "/suspend")).then().statusCode(202).extract().jsonPath()
                .getLong("id");
        on(portA, () -> Staff.sendingJson("supervisor").body("{\"reason\":\"同意\"}")
                .post("/api/v1/admin/catalog/proposals/" + suspend + "/approve")).then().statusCode(200);
        Instant suspended = Instant.now();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> issue(portB, code, secret).statusCode() == 403);
        Duration suspendLag = Duration.between(suspended, Instant.now());
        System.out.printf("catalog changes reached the other instance in %d ms (key) and %d ms (suspension)%n",
                keyLag.toMillis(), suspendLag.toMillis());
        assertThat(issue(portB, code, secret).jsonPath().getString("code")).isEqualTo("UNIT_SUSPENDED");
    }

    private static Response issue(int port, String code, String secret) {
        String body = Bills.bill(Bills.orderNo(), "[{\"itemCode\":\"FEE\",\"amountFen\":1200}]",
                LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(10), null);
        return on(port, () -> UnitApi.withSecret(code, secret).send("POST", "/api/v1/orders", body,
                Instant.now().getEpochSecond(), UnitApi.nonce()));
    }

    private static Response on(int port, java.util.function.Supplier<Response> call) {
        RestAssured.port = port;
        return call.get();
    }
}
