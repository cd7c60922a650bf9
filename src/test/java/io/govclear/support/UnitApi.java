package io.govclear.support;

import static io.restassured.RestAssured.given;

import io.govclear.security.UnitSignature;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.inject.spi.CDI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A collecting unit calling the signed API, as a real client would. */
public final class UnitApi {

    private final String unit;
    private final String secret;

    private UnitApi(String unit, String secret) {
        this.unit = unit;
        this.secret = secret;
    }

    public static UnitApi as(String unit) {
        return new UnitApi(unit, "demo-secret-" + unit);
    }

    public static UnitApi withSecret(String unit, String secret) {
        return new UnitApi(unit, secret);
    }

    public static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public static long now() {
        return CDI.current().select(TestClock.class).get().instant().getEpochSecond();
    }

    public Response post(String path, String body) {
        return send("POST", path, body, now(), nonce());
    }

    public Response get(String pathWithQuery) {
        return send("GET", pathWithQuery, null, now(), nonce());
    }

    public Response send(String method, String pathWithQuery, String body, long timestamp, String nonce) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String signature = UnitSignature.sign(secret.getBytes(StandardCharsets.UTF_8), method, pathWithQuery,
                timestamp, nonce, bytes);
        return signed(timestamp, nonce, signature, bytes, body != null).request(method, pathWithQuery);
    }

    /** A request with explicit headers, for tests that break the signature on purpose. */
    public RequestSpecification signed(long timestamp, String nonce, String signature, byte[] body,
            boolean withBody) {
        RequestSpecification spec = given().urlEncodingEnabled(false)
                .header("X-GovClear-Unit", unit)
                .header("X-GovClear-Timestamp", Long.toString(timestamp))
                .header("X-GovClear-Nonce", nonce)
                .header("X-GovClear-Signature", signature);
        if (withBody) {
            spec = spec.contentType("application/json").body(body);
        }
        return spec;
    }
}
