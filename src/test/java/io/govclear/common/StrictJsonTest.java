package io.govclear.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Staff;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every body is read exactly as the contract writes it: no number or boolean made into a string, no enum ordinal or
 * padded constant, no date as an array, a number, a longer text or one with a NUL after it. Each is a problem that
 * names the field, and nothing is written.
 */
@QuarkusTest
class StrictJsonTest {

    private static final String DUE = "\"dueDate\":\"";

    @ParameterizedTest
    @ValueSource(strings = { "0", "1", "\"ALIPAY \"", "\" ALIPAY\"", "\"alipay\"", "true", "[\"ALIPAY\"]" })
    void aChannelIsItsExactName(String channel) {
        String code = Bills.issueFine(5000);
        given().contentType("application/json").body("{\"channel\":" + channel + "}")
                .post("/api/v1/bills/" + code + "/payments").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("channel"));
        assertThat(Db.count("SELECT count(*) FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id"
                + " WHERE o.payment_code = $1", code)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "[2026,12,17]", "20261217", "\"2026-12-17T10:00:00Z\"", "\"2026-12-17\\u0000\"",
            "\"2026-12-17 \"", "\"17/12/2026\"", "\"2026-02-30\"" })
    void aDateIsAnIsoDateString(String date) {
        String bill = Bills.fine(Bills.orderNo(), 5000, LocalDate.of(2026, 12, 17));
        Db.assertNothingChangedBy(() -> UnitApi.as("HZ-TRAFFIC")
                .post("/api/v1/orders", bill.replace(DUE + "2026-12-17\"", "\"dueDate\":" + date))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("dueDate")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "12345", "true", "1.5" })
    void aStringIsAJsonString(String value) {
        String bill = Bills.fine(Bills.orderNo(), 5000, LocalDate.now().plusDays(10));
        Db.assertNothingChangedBy(() -> {
            UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders",
                            bill.replaceFirst("\"unitOrderNo\":\"[^\"]*\"", "\"unitOrderNo\":" + value))
                    .then().statusCode(400).body("errors[0].field", equalTo("unitOrderNo"));
            UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders", bill.replace("\"name\":\"张三\"", "\"name\":" + value))
                    .then().statusCode(400).body("errors[0].field", equalTo("payer.name"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "C0AF", "E080AF", "EDA080", "FF", "C3" })
    void bytesThatAreNotWellFormedUtf8AreRefusedNeverRepaired(String hex) {
        String code = Bills.issueFine(5000);
        byte[] bad = HexFormat.of().parseHex(hex);
        // a body Quarkus binds itself (checkout), and one the engine reads (a refund decision)
        given().contentType("application/json").body(json("{\"channel\":\"ALI", bad, "PAY\"}"))
                .post("/api/v1/bills/" + code + "/payments").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("MALFORMED_JSON"));
        Staff.sendingJson("supervisor")
                .body(json("{\"reason\":\"ok", bad, "\"}")).post("/api/v1/refunds/RF0000000001/approve").then()
                .statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        assertThat(Db.count("SELECT count(*) FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id"
                + " WHERE o.payment_code = $1", code)).isZero();
    }

    private static byte[] json(String before, byte[] bad, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return all;
    }
}
