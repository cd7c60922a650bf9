package io.govclear.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignedRequestTest {

    private static final UnitApi TRAFFIC = UnitApi.as("HZ-TRAFFIC");

    @Inject
    TestClock clock;

    private String body() {
        return Bills.fine(Bills.orderNo(), 20000, clock.today().plusDays(15));
    }

    /** The request is refused at the door with this problem, and changes nothing, its nonce not even recorded. */
    private static void rejected(Supplier<Response> request, String code) {
        Db.assertNothingChangedBy(() -> request.get().then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo(code)));
    }

    @Test
    void missingSignatureHeadersAreRejected() {
        rejected(() -> io.restassured.RestAssured.given().contentType("application/json").body(body())
                .post("/api/v1/orders"), "INVALID_SIGNATURE");
    }

    @Test
    void wrongSecretIsRejected() {
        rejected(() -> UnitApi.withSecret("HZ-TRAFFIC", "guess").post("/api/v1/orders", body()), "INVALID_SIGNATURE");
    }

    @Test
    void unknownUnitIsRejected() {
        rejected(() -> UnitApi.withSecret("NO-SUCH-UNIT", "demo-secret-NO-SUCH-UNIT").post("/api/v1/orders", body()),
                "INVALID_SIGNATURE");
    }

    @Test
    void bodyChangedAfterSigningIsRejected() {
        String body = body();
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        String sig = UnitSignature.sign("demo-secret-HZ-TRAFFIC".getBytes(StandardCharsets.UTF_8), "POST",
                "/api/v1/orders", ts, nonce, body.getBytes(StandardCharsets.UTF_8));
        byte[] tampered = body.replace("20000", "20").getBytes(StandardCharsets.UTF_8);
        rejected(() -> TRAFFIC.signed(ts, nonce, sig, tampered, true).post("/api/v1/orders"), "INVALID_SIGNATURE");
    }

    @Test
    void anotherUnitsSignatureDoesNotVerify() {
        String body = body();
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        String zjuSig = UnitSignature.sign("demo-secret-ZJU".getBytes(StandardCharsets.UTF_8), "POST",
                "/api/v1/orders", ts, nonce, body.getBytes(StandardCharsets.UTF_8));
        rejected(() -> TRAFFIC.signed(ts, nonce, zjuSig, body.getBytes(StandardCharsets.UTF_8), true)
                .post("/api/v1/orders"), "INVALID_SIGNATURE");
    }

    @Test
    void staleTimestampIsRejected() {
        rejected(() -> TRAFFIC.send("POST", "/api/v1/orders", body(), UnitApi.now() - 330, UnitApi.nonce()),
                "STALE_TIMESTAMP");
        rejected(() -> TRAFFIC.send("POST", "/api/v1/orders", body(), UnitApi.now() + 330, UnitApi.nonce()),
                "STALE_TIMESTAMP");
    }

    @Test
    void timestampJustInsideTheWindowIsAccepted() {
        TRAFFIC.send("POST", "/api/v1/orders", body(), UnitApi.now() - 290, UnitApi.nonce()).then().statusCode(201);
    }

    @Test
    void malformedNonceIsRejected() {
        rejected(() -> TRAFFIC.send("POST", "/api/v1/orders", body(), UnitApi.now(), "short"), "INVALID_NONCE");
    }

    @Test
    void replayedRequestIsRejectedAndCreatesNothing() {
        String body = body();
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        TRAFFIC.send("POST", "/api/v1/orders", body, ts, nonce).then().statusCode(201);
        rejected(() -> TRAFFIC.send("POST", "/api/v1/orders", body, ts, nonce), "REPLAYED_NONCE");
        // a different bill with the reused nonce is refused too, and not created
        rejected(() -> TRAFFIC.send("POST", "/api/v1/orders", body(), ts, nonce), "REPLAYED_NONCE");
    }

    @Test
    void replayedReadIsRejected() {
        String code = Bills.issueFine(20000);
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
