package io.govclear.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BatchOrderTest {

    private static final UnitApi TRAFFIC = UnitApi.as("HZ-TRAFFIC");

    @Inject
    TestClock clock;

    private String batch(List<String> bills) {
        return "{\"orders\":[" + String.join(",", bills) + "]}";
    }

    @Test
    void eachBillOfABatchSucceedsOrFailsOnItsOwn() {
        String existingNo = Bills.orderNo();
        String existing = Bills.fine(existingNo, 1000, clock.today().plusDays(3));
        String existingCode = TRAFFIC.post("/api/v1/orders", existing).then().statusCode(201).extract().path("paymentCode");
        String conflictNo = Bills.orderNo();
        TRAFFIC.post("/api/v1/orders", Bills.fine(conflictNo, 1000, clock.today().plusDays(3))).then().statusCode(201);
        String newNo = Bills.orderNo();
        String repeatedNo = Bills.orderNo();

        Response r = TRAFFIC.post("/api/v1/orders/batch", batch(List.of(
                Bills.fine(newNo, 2000, clock.today().plusDays(3)),
                existing,
                Bills.fine(conflictNo, 9999, clock.today().plusDays(3)),
                Bills.fine(Bills.orderNo(), -1, clock.today().plusDays(3)),
                Bills.fine(repeatedNo, 3000, clock.today().plusDays(3)),
                Bills.fine(repeatedNo, 3000, clock.today().plusDays(3)),
                Bills.fine(repeatedNo, 3001, clock.today().plusDays(3)))));
        r.then().statusCode(200)
                .body("results.size()", equalTo(7))
                .body("results[0].status", equalTo("CREATED"))
                .body("results[0].unitOrderNo", equalTo(newNo))
                .body("results[1].status", equalTo("EXISTING"))
                .body("results[1].paymentCode", equalTo(existingCode))
                .body("results[2].status", equalTo("REJECTED"))
                .body("results[2].problem.code", equalTo("IDEMPOTENCY_CONFLICT"))
                .body("results[3].status", equalTo("REJECTED"))
                .body("results[3].problem.code", equalTo("VALIDATION_FAILED"))
                .body("results[4].status", equalTo("CREATED"))
                .body("results[5].paymentCode", equalTo(r.path("results[4].paymentCode")))
                .body("results[6].problem.code", equalTo("IDEMPOTENCY_CONFLICT"));
        assertThat(Db.count("SELECT count(*) FROM payment_order WHERE unit_order_no = $1", repeatedNo)).isEqualTo(1);
        assertThat(Db.one("SELECT principal_fen FROM payment_order WHERE unit_order_no = $1", conflictNo).getLong(0))
                .isEqualTo(1000);

        // the whole batch again: every bill is now EXISTING or still rejected
        TRAFFIC.post("/api/v1/orders/batch", batch(List.of(Bills.fine(newNo, 2000, clock.today().plusDays(3)))))
                .then().statusCode(200).body("results[0].status", equalTo("EXISTING"))
                .body("results[0].paymentCode", equalTo(r.path("results[0].paymentCode")));
    }

    @Test
    void thousandBillsInOneBatch() {
        List<String> bills = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            bills.add(Bills.fine(Bills.orderNo(), 100 + i, clock.today().plusDays(3)));
        }
        long before = Db.count("SELECT count(*) FROM payment_order");
        Response r = TRAFFIC.post("/api/v1/orders/batch", batch(bills));
        r.then().statusCode(200);
        List<String> statuses = r.path("results.status");
        assertThat(statuses).hasSize(1000).containsOnly("CREATED");
        List<String> codes = r.path("results.paymentCode");
        assertThat(codes).doesNotHaveDuplicates().allMatch(PaymentCodes::isValid);
        assertThat(Db.count("SELECT count(*) FROM payment_order")).isEqualTo(before + 1000);
    }

    @Test
    void batchAboveTheLimitIsRejectedWhole() {
        List<String> bills = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            bills.add(Bills.fine(Bills.orderNo(), 100, clock.today().plusDays(3)));
        }
        Db.assertNothingChangedBy(() -> {
            TRAFFIC.post("/api/v1/orders/batch", batch(bills)).then().statusCode(400)
                    .body("code", equalTo("BATCH_TOO_LARGE"));
            TRAFFIC.post("/api/v1/orders/batch", "{\"orders\":[]}").then().statusCode(400);
            TRAFFIC.post("/api/v1/orders/batch", "{\"orders\":[],\"x\":1}").then().statusCode(400)
                    .body("code", equalTo("UNKNOWN_FIELD"));
        });
    }
}
