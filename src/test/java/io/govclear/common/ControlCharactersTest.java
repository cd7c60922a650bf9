package io.govclear.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.security.UnitSignature;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Staff;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A control character (NUL first of all, which PostgreSQL refuses in text) anywhere in a body's strings, a path or a
 * query is refused at the door with a problem and changes nothing; it used to reach the database and answer 500.
 */
@QuarkusTest
class ControlCharactersTest {

    @ParameterizedTest
    @ValueSource(strings = { "\\u0000", "\\u0007", "\\n", "\\u007f" })
    void aBillWithAControlCharacterInAnyTextIsRefused(String control) {
        String bill = Bills.fine(Bills.orderNo(), 5000, LocalDate.now().plusDays(10));
        Db.assertNothingChangedBy(() -> {
            for (String[] field : new String[][] { { "\"name\":\"", "payer.name" },
                    { "\"description\":\"", "description" }, { "\"unitOrderNo\":\"", "unitOrderNo" } }) {
                UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders", bill.replace(field[0], field[0] + "张" + control))
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("code", equalTo("VALIDATION_FAILED"))
                        .body("errors[0].field", equalTo(field[1]));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "%00", "%07", "GC%0A1" })
    void aControlCharacterInThePathOrQueryIsAProblemNotAServerError(String encoded) {
        // sent as written: %00 is the NUL byte once decoded
        given().urlEncodingEnabled(false).get("/api/v1/payments/" + encoded).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("INVALID_PATH"));
        Staff.as("supervisor").urlEncodingEnabled(false).post("/api/v1/refunds/" + encoded + "/approve").then()
                .statusCode(400).body("code", equalTo("INVALID_PATH"));
        UnitApi.as("HZ-TRAFFIC").get("/api/v1/orders?status=UNPAID" + encoded).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\\u0000" })
    void aCancelReasonWithANulIsRefused(String control) {
        String code = Bills.issueFine(5000);
        UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders/" + code + "/cancel", "{\"reason\":\"appeal" + control + "\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
    }

    @Test
    void aCancelTakesJsonOrNoBodyAtAll() {
        String code = Bills.issueFine(5000);
        String path = "/api/v1/orders/" + code + "/cancel";
        byte[] form = "reason=appeal".getBytes(StandardCharsets.UTF_8);
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        UnitApi.as("HZ-TRAFFIC")
                .signed(ts, nonce, UnitSignature.sign("demo-secret-HZ-TRAFFIC".getBytes(StandardCharsets.UTF_8),
                        "POST", path, ts, nonce, form), form, false)
                .contentType("application/x-www-form-urlencoded").body("reason=appeal").post(path)
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        UnitApi.as("HZ-TRAFFIC").send("POST", path, null, UnitApi.now(), UnitApi.nonce())
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
    }
}
