package io.govclear.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderLookupTest {

    private static final UnitApi TRAFFIC = UnitApi.as("HZ-TRAFFIC");
    private static final UnitApi SOCSEC = UnitApi.as("HZ-SOCSEC");

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void unitSeesItsOwnBillWithPaymentsAndRefunds() {
        String code = Bills.issueFine(20000, clock.today().plusDays(15));
        TRAFFIC.get("/api/v1/orders/" + code).then().statusCode(200)
                .body("paymentCode", equalTo(code))
                .body("status", equalTo("UNPAID"))
                .body("payments", empty())
                .body("refunds", empty())
                .body("payer.idNumber", equalTo("330106********1234"));
    }

    @Test
    void foreignUnitGetsNotFound() {
        String code = Bills.issueFine(20000, clock.today().plusDays(15));
        SOCSEC.get("/api/v1/orders/" + code).then().statusCode(404).body("code", equalTo("ORDER_NOT_FOUND"));
        SOCSEC.post("/api/v1/orders/" + code + "/cancel", "{}").then().statusCode(404);
        assertThat(Db.one("SELECT status FROM payment_order WHERE payment_code = $1", code).getString(0))
                .isEqualTo("UNPAID");
    }

    @Test
    void unknownCodeIsNotFoundAndBadCheckDigitIsBadRequest() {
        String unknown = "3301002699999999999" + PaymentCodes.luhnDigit("3301002699999999999");
        TRAFFIC.get("/api/v1/orders/" + unknown).then().statusCode(404);
        given().get("/api/v1/bills/" + unknown).then().statusCode(404).body("code", equalTo("ORDER_NOT_FOUND"));
        String bad = unknown.substring(0, 19) + ((unknown.charAt(19) - '0' + 1) % 10);
        given().get("/api/v1/bills/" + bad).then().statusCode(400).body("code", equalTo("INVALID_PAYMENT_CODE"));
        TRAFFIC.get("/api/v1/orders/" + bad).then().statusCode(400).body("code", equalTo("INVALID_PAYMENT_CODE"));
        given().get("/api/v1/bills/abc").then().statusCode(400).body("code", equalTo("INVALID_PAYMENT_CODE"));
    }

    @Test
    void publicBillViewShowsUnitItemsAndMaskedPayer() {
        String code = Bills.issueFine(20000, clock.today().plusDays(15));
        given().get("/api/v1/bills/" + code).then().statusCode(200)
                .contentType("application/json")
                .body("paymentCode", equalTo(code))
                .body("unit.code", equalTo("HZ-TRAFFIC"))
                .body("unit.name", equalTo("杭州市公安局交通警察支队"))
                .body("lines[0].itemName", equalTo("道路交通安全违法罚款"))
                .body("payer.name", equalTo("张*"))
                .body("payer.phone", equalTo("138****8000"))
                .body("principalFen", equalTo(20000))
                .body("totalDueFen", equalTo(20000))
                .body("payable", equalTo(true))
                .body("unitOrderNo", nullValue());
    }

    @Test
    void lateFeeGrowsWithTheClockAndIsCappedForFines() {
        String fine = Bills.issueFine(10000, clock.today());
        String socsec = Bills.issue("HZ-SOCSEC", "[{\"itemCode\":\"SOCSEC-FLEX\",\"amountFen\":123456}]",
                clock.today(), null);
        given().get("/api/v1/bills/" + fine).then().body("lateFeeFen", equalTo(0)).body("overdueDays", equalTo(0));

        clock.advance(java.time.Duration.ofDays(1));
        given().get("/api/v1/bills/" + fine).then()
                .body("overdueDays", equalTo(1)).body("lateFeeFen", equalTo(300)).body("totalDueFen", equalTo(10300));
        // 123456 × 0.05 % = 61.728 → 62 fen
        given().get("/api/v1/bills/" + socsec).then().body("lateFeeFen", equalTo(62));
        TRAFFIC.get("/api/v1/orders/" + fine).then().body("lateFeeFen", equalTo(300))
                .body("lines[0].lateFeeFen", equalTo(300));

        clock.advance(java.time.Duration.ofDays(40));
        given().get("/api/v1/bills/" + fine).then()
                .body("lateFeeFen", equalTo(10000)).body("totalDueFen", equalTo(20000));
        // 123456 × 0.05 % × 41 = 2530.848 → 2531 fen, no cap
        given().get("/api/v1/bills/" + socsec).then().body("lateFeeFen", equalTo(2531));
    }

    @Test
    void listIsPagedAndFilteredForTheUnitOnly() {
        UnitApi realEstate = UnitApi.as("HZ-REALESTATE");
        String registration = "[{\"itemCode\":\"REALESTATE-REG\"}]";
        for (int i = 0; i < 3; i++) {
            Bills.issue("HZ-REALESTATE", registration, clock.today().plusDays(5), null);
        }
        String cancelled = Bills.issue("HZ-REALESTATE", registration, clock.today().plusDays(5), null);
        realEstate.post("/api/v1/orders/" + cancelled + "/cancel", "{\"reason\":\"issued twice\"}")
                .then().statusCode(200);
        long total = Db.count("SELECT count(*) FROM payment_order o JOIN collecting_unit u ON u.id = o.unit_id"
                + " WHERE u.code = 'HZ-REALESTATE'");

        realEstate.get("/api/v1/orders?page=0&size=2").then().statusCode(200)
                .body("total", equalTo((int) total)).body("items", hasSize(2)).body("page", equalTo(0));
        realEstate.get("/api/v1/orders?status=CANCELLED").then().statusCode(200)
                .body("items.status", everyItem(equalTo("CANCELLED")))
                .body("items.paymentCode", org.hamcrest.Matchers.hasItem(cancelled));
        String today = clock.today().toString();
        realEstate.get("/api/v1/orders?from=" + today + "&to=" + today + "&size=200").then().statusCode(200)
                .body("total", equalTo((int) total));
        realEstate.get("/api/v1/orders?to=" + clock.today().minusDays(1)).then().statusCode(200)
                .body("total", equalTo(0));
        List<String> units = realEstate.get("/api/v1/orders?size=200").then().extract().path("items.lines.itemCode.flatten()");
        assertThat(units).containsOnly("REALESTATE-REG");
    }

    @Test
    void badListParametersAreProblems() {
        TRAFFIC.get("/api/v1/orders?status=LOST").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("status"));
        TRAFFIC.get("/api/v1/orders?size=0").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("size"));
        TRAFFIC.get("/api/v1/orders?size=201").then().statusCode(400);
        TRAFFIC.get("/api/v1/orders?page=-1").then().statusCode(400);
        TRAFFIC.get("/api/v1/orders?from=2026-13-01").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("from"));
        TRAFFIC.get("/api/v1/orders?from=2026-12-02&to=2026-12-01").then().statusCode(400);
    }

    @Test
    void cancelMovesAnUnpaidBillOnceAndIsAudited() {
        String code = Bills.issueFine(5000, clock.today().plusDays(15));
        TRAFFIC.post("/api/v1/orders/" + code + "/cancel", "{\"reason\":\"appeal upheld\"}").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("totalDueFen", equalTo(0));
        // a retry answers with the cancelled bill and records nothing new
        Db.assertNothingButNoncesChangedBy(() -> TRAFFIC.post("/api/v1/orders/" + code + "/cancel", "{}").then()
                .statusCode(200).body("status", equalTo("CANCELLED")));
        assertThat(Db.count("SELECT count(*) FROM order_status_change c JOIN payment_order o ON o.id = c.order_id"
                + " WHERE o.payment_code = $1 AND c.to_status = 'CANCELLED'", code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_id = $1 AND action = 'ORDER_CANCELLED'"
                + " AND actor = 'HZ-TRAFFIC'", code)).isEqualTo(1);
        given().get("/api/v1/bills/" + code).then().body("status", equalTo("CANCELLED")).body("payable", equalTo(false));
    }

    @Test
    void paidBillCannotBeCancelled() {
        String code = Bills.issueFine(5000, clock.today().plusDays(15));
        Db.execute("UPDATE payment_order SET status = 'PAID' WHERE payment_code = $1", code);
        Db.assertNothingButNoncesChangedBy(() -> TRAFFIC.post("/api/v1/orders/" + code + "/cancel", "{}").then()
                .statusCode(409).body("code", equalTo("ORDER_NOT_CANCELLABLE")));
    }

    @Test
    void auditLogIsAppendOnly() {
        String code = Bills.issueFine(5000, clock.today().plusDays(15));
        TRAFFIC.post("/api/v1/orders/" + code + "/cancel", "").then().statusCode(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Db.execute("DELETE FROM audit_event WHERE subject_id = $1", code))
                .hasMessageContaining("append-only");
    }
}
