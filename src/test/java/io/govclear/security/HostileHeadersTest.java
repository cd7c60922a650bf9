package io.govclear.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.bank.Bank;
import io.govclear.channel.bank.BankSigning;
import io.govclear.support.BankApi;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signature headers are read as strictly as bodies: a header sent twice, a timestamp that is not plain Unix
 * seconds or a header far longer than its protocol allows is refused with a problem, even where the signature itself
 * is right, and nothing is written.
 */
@QuarkusTest
class HostileHeadersTest {

    private static final String PATH = "/api/v1/orders";

    @Test
    void aUnitTimestampWithASignOrLeadingZeroIsRefusedThoughTheSignatureIsRight() {
        String body = Bills.fine(Bills.orderNo(), 5000, Bills.today().plusDays(Bills.DUE_IN_DAYS));
        long now = UnitApi.now();
        Db.assertNothingChangedBy(() -> {
            for (String written : new String[] { "+" + now, "0" + now, now + ".0", "0x" + Long.toHexString(now) }) {
                unitRequest(body, now, UnitApi.nonce(), Map.of(UnitSignatureMechanism.TIMESTAMP, written))
                        .post(PATH).then().statusCode(401).contentType("application/problem+json")
                        .body("code", equalTo("INVALID_SIGNATURE"))
                        .body("detail", containsString("Unix seconds"));
            }
        });
    }

    @Test
    void aSignedHeaderSentTwiceIsRefused() {
        String body = Bills.fine(Bills.orderNo(), 5000, Bills.today().plusDays(Bills.DUE_IN_DAYS));
        Db.assertNothingChangedBy(() -> {
            for (String twice : new String[] { UnitSignatureMechanism.UNIT, UnitSignatureMechanism.NONCE,
                    UnitSignatureMechanism.SIGNATURE, UnitSignatureMechanism.TIMESTAMP }) {
                RequestSpecification spec = unitRequest(body, UnitApi.now(), UnitApi.nonce(), Map.of());
                // the first copy is the signed one: a reader that takes the first would accept the request
                String repeated = twice.equals(UnitSignatureMechanism.UNIT) ? "HZ-UNIVERSITY" : "x";
                spec.header(twice, repeated).post(PATH).then().statusCode(401)
                        .contentType("application/problem+json").body("code", equalTo("INVALID_SIGNATURE"))
                        .body("detail", equalTo(twice + " is sent more than once"));
            }
        });
    }

    @Test
    void overlongAndForeignHeaderValuesAreRefusedNotCrashed() {
        String body = Bills.fine(Bills.orderNo(), 5000, Bills.today().plusDays(Bills.DUE_IN_DAYS));
        Db.assertNothingChangedBy(() -> {
            unitRequest(body, UnitApi.now(), UnitApi.nonce(), Map.of(UnitSignatureMechanism.SIGNATURE, "A".repeat(8000)))
                    .post(PATH).then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
            unitRequest(body, UnitApi.now(), UnitApi.nonce(),
                    Map.of(UnitSignatureMechanism.UNIT, Bills.TRAFFIC.repeat(900)))
                    .post(PATH).then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
            unitRequest(body, UnitApi.now(), "n".repeat(65), Map.of()).post(PATH).then().statusCode(401)
                    .body("code", equalTo("INVALID_NONCE"));
            // a byte above 0x7F in a header (Latin-1 on the wire): never a unit code, never a 500
            unitRequest(body, UnitApi.now(), UnitApi.nonce(), Map.of(UnitSignatureMechanism.UNIT, Bills.TRAFFIC + "\u00e9"))
                    .post(PATH).then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
        });
    }

    @Test
    void aBankTimestampWithASignOrAHeaderSentTwiceIsRefused() {
        BankApi icbc = BankApi.as(Bank.ICBC);
        String body = "{\"paymentCode\":\"" + Bills.issueFine(4200) + "\"}";
        long now = UnitApi.now();
        Db.assertNothingChangedBy(() -> {
            String nonce = UnitApi.nonce();
            bankRequest(icbc, body, now, nonce, "+" + now)
                    .post("/bank/v1/" + Bank.ICBC.code() + "/query").then().statusCode(401).contentType("application/problem+json")
                    .body("code", equalTo("INVALID_SIGNATURE")).body("detail", containsString("Unix seconds"));
            String again = UnitApi.nonce();
            bankRequest(icbc, body, now, again, Long.toString(now)).header(BankSigning.NONCE, UnitApi.nonce())
                    .post("/bank/v1/" + Bank.ICBC.code() + "/query").then().statusCode(401)
                    .body("detail", equalTo(BankSigning.NONCE + " is sent more than once"));
        });
    }

    /** A unit request signed right over {@code timestamp}, each header sent once, {@code written} replacing some. */
    private static RequestSpecification unitRequest(String body, long timestamp, String nonce,
            Map<String, String> written) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(UnitSignatureMechanism.UNIT, Bills.TRAFFIC);
        headers.put(UnitSignatureMechanism.TIMESTAMP, Long.toString(timestamp));
        headers.put(UnitSignatureMechanism.NONCE, nonce);
        headers.put(UnitSignatureMechanism.SIGNATURE, UnitSignature.sign(
                ("demo-secret-" + Bills.TRAFFIC).getBytes(StandardCharsets.UTF_8), "POST", PATH, timestamp, nonce, bytes));
        headers.putAll(written);
        return given().urlEncodingEnabled(false).contentType("application/json").body(bytes).headers(headers);
    }

    /** A bank query signed right over {@code timestamp}, whose timestamp header is sent as {@code written}. */
    private static RequestSpecification bankRequest(BankApi bank, String body, long timestamp, String nonce,
            String written) {
        return given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .header(BankSigning.CODE, Bank.ICBC.code())
                .header(BankSigning.TIMESTAMP, written)
                .header(BankSigning.NONCE, nonce)
                .header(BankSigning.SIGNATURE, bank.sign("query", body, timestamp, nonce));
    }
}
