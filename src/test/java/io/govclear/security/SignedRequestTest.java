package io.govclear.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignedRequestTest {

    private static final UnitApi TRAFFIC = UnitApi.as("HZ-TRAFFIC");

    @Inject
    TestClock clock;

    private String body() {
        return Bills.fine(Bills.orderNo(), 20000, clock.today().plusDays(15));
    }

    private void rejected(io.restassured.response.Response response, String code, Map<String, Long> before) {
        response.then().statusCode(401).contentType("application/problem+json").body("code", equalTo(code));
        assertThat(Db.snapshot()).isEqualTo(before);
    }

    @Test
    void missingSignatureHeadersAreRejected() {
        Map<String, Long> before = Db.snapshot();
        rejected(io.restassured.RestAssured.given().contentType("application/json").body(body())
                .post("/api/v1/orders"), "INVALID_SIGNATURE", before);
    }

    @Test
    void wrongSecretIsRejected() {
        Map<String, Long> before = Db.snapshot();
        rejected(UnitApi.withSecret("HZ-TRAFFIC", "guess").post("/api/v1/orders", body()), "INVALID_SIGNATURE",
                before);
    }

    @Test
    void unknownUnitIsRejected() {
        Map<String, Long> before = Db.snapshot();
        rejected(UnitApi.withSecret("NO-SUCH-UNIT", "demo-secret-NO-SUCH-UNIT").post("/api/v1/orders", body()),
                "INVALID_SIGNATURE", before);
    }

    @Test
    void bodyChangedAfterSigningIsRejected() {
        String body = body();
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        String sig = UnitSignature.sign("demo-secret-HZ-TRAFFIC".getBytes(StandardCharsets.UTF_8), "POST",
                "/api/v1/orders", ts, nonce, body.getBytes(StandardCharsets.UTF_8));
        byte[] tampered = body.replace("20000", "20").getBytes(StandardCharsets.UTF_8);
        Map<String, Long> before = Db.snapshot();
        rejected(TRAFFIC.signed(ts, nonce, sig, tampered, true).post("/api/v1/orders"), "INVALID_SIGNATURE", before);
    }

    @Test
    void anotherUnitsSignatureDoesNotVerify() {
        String body = body();
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        String zjuSig = UnitSignature.sign("demo-secret-ZJU".getBytes(StandardCharsets.UTF_8), "POST",
                "/api/v1/orders", ts, nonce, body.getBytes(StandardCharsets.UTF_8));
        Map<String, Long> before = Db.snapshot();
        rejected(TRAFFIC.signed(ts, nonce, zjuSig, body.getBytes(StandardCharsets.UTF_8), true)
                .post("/api/v1/orders"), "INVALID_SIGNATURE", before);
    }

    @Test
    void staleTimestampIsRejected() {
        Map<String, Long> before = Db.snapshot();
        rejected(TRAFFIC.send("POST", "/api/v1/orders", body(), UnitApi.now() - 330, UnitApi.nonce()),
                "STALE_TIMESTAMP", before);
        rejected(TRAFFIC.send("POST", "/api/v1/orders", body(), UnitApi.now() + 330, UnitApi.nonce()),
                "STALE_TIMESTAMP", before);
    }

    @Test
    void timestampJustInsideTheWindowIsAccepted() {
        TRAFFIC.send("POST", "/api/v1/orders", body(), UnitApi.now() - 290, UnitApi.nonce()).then().statusCode(201);
    }

    @Test
    void malformedNonceIsRejected() {
        Map<String, Long> before = Db.snapshot();
        rejected(TRAFFIC.send("POST", "/api/v1/orders", body(), UnitApi.now(), "short"), "INVALID_NONCE", before);
    }

    @Test
    void replayedRequestIsRejectedAndCreatesNothing() {
        String body = body();
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        TRAFFIC.send("POST", "/api/v1/orders", body, ts, nonce).then().statusCode(201);
        Map<String, Long> before = Db.snapshot();
        rejected(TRAFFIC.send("POST", "/api/v1/orders", body, ts, nonce), "REPLAYED_NONCE", before);
        // a different bill with the reused nonce is refused too, and not created
        rejected(TRAFFIC.send("POST", "/api/v1/orders", body(), ts, nonce), "REPLAYED_NONCE", before);
    }

    @Test
    void replayedReadIsRejected() {
        String code = TRAFFIC.post("/api/v1/orders", body()).then().statusCode(201).extract().path("paymentCode");
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        TRAFFIC.send("GET", "/api/v1/orders/" + code, null, ts, nonce).then().statusCode(200);
        TRAFFIC.send("GET", "/api/v1/orders/" + code, null, ts, nonce).then().statusCode(401)
                .body("code", equalTo("REPLAYED_NONCE"));
    }

    @Test
    void nonceIsRememberedInTheDatabase() {
        String nonce = UnitApi.nonce();
        TRAFFIC.send("GET", "/api/v1/orders?page=0", null, UnitApi.now(), nonce).then().statusCode(200);
        assertThat(Db.count("SELECT count(*) FROM api_nonce WHERE nonce = $1", nonce)).isEqualTo(1);
    }

    @Test
    void queryStringIsPartOfTheSignature() {
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        String sig = UnitSignature.sign("demo-secret-HZ-TRAFFIC".getBytes(StandardCharsets.UTF_8), "GET",
                "/api/v1/orders?status=UNPAID", ts, nonce, new byte[0]);
        TRAFFIC.signed(ts, nonce, sig, new byte[0], false).get("/api/v1/orders?status=PAID")
                .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
    }
}
