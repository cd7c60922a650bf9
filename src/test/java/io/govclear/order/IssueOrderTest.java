package io.govclear.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class IssueOrderTest {

    private static final UnitApi TRAFFIC = UnitApi.as("HZ-TRAFFIC");

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private LocalDate inDays(int days) {
        return clock.today().plusDays(days);
    }

    @Test
    void issuedBillIsCreatedWithMaskedPayerAndValidCode() {
        String no = Bills.orderNo();
        Response r = TRAFFIC.post("/api/v1/orders", Bills.fine(no, 20000, inDays(15)));
        r.then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/orders/"))
                .body("unitOrderNo", equalTo(no))
                .body("status", equalTo("UNPAID"))
                .body("principalFen", equalTo(20000))
                .body("lateFeeFen", equalTo(0))
                .body("totalDueFen", equalTo(20000))
                .body("payer.name", equalTo("张*"))
                .body("payer.idNumber", equalTo("330106********1234"))
                .body("payer.phone", equalTo("138****8000"))
                .body("lines[0].itemCode", equalTo("FINE-TRAFFIC"))
                .body("createdAt", org.hamcrest.Matchers.endsWith("+08:00"));
        String code = r.path("paymentCode");
        assertThat(code).hasSize(20).startsWith("330100" + String.format("%02d", clock.today().getYear() % 100));
        assertThat(PaymentCodes.isValid(code)).isTrue();
        assertThat(r.<String>path("payUrl")).endsWith("/pay/" + code);
        assertThat(r.asString()).doesNotContain(Bills.ID_NUMBER).doesNotContain(Bills.PHONE);
        assertThat(Db.count("SELECT count(*) FROM order_line l JOIN payment_order o ON o.id = l.order_id"
                + " WHERE o.payment_code = $1", code)).isEqualTo(1);
    }

    @Test
    void sameRequestAgainReturnsTheSameBill() {
        String no = Bills.orderNo();
        String body = Bills.fine(no, 20000, inDays(15));
        String code = TRAFFIC.post("/api/v1/orders", body).then().statusCode(201).extract().path("paymentCode");
        TRAFFIC.post("/api/v1/orders", body).then().statusCode(200).body("paymentCode", equalTo(code));
        assertThat(Db.count("SELECT count(*) FROM payment_order WHERE unit_order_no = $1", no)).isEqualTo(1);
    }

    @Test
    void sameOrderNumberWithDifferentBodyIsAConflictAndChangesNothing() {
        String no = Bills.orderNo();
        TRAFFIC.post("/api/v1/orders", Bills.fine(no, 20000, inDays(15))).then().statusCode(201);
        Db.assertNothingButNoncesChangedBy(() -> TRAFFIC.post("/api/v1/orders", Bills.fine(no, 30000, inDays(15)))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("IDEMPOTENCY_CONFLICT"))
                .body("status", equalTo(409)));
    }

    @Test
    void fixedItemMayOmitItsAmountAndHashesTheSameEitherWay() {
        UnitApi exam = UnitApi.as("ZJ-EXAM");
        String no = Bills.orderNo();
        String code = exam.post("/api/v1/orders",
                Bills.bill(no, "[{\"itemCode\":\"EXAM-CIVIL\"}]", inDays(10), inDays(20)))
                .then().statusCode(201).body("principalFen", equalTo(10000)).extract().path("paymentCode");
        exam.post("/api/v1/orders", Bills.bill(no, "[{\"itemCode\":\"EXAM-CIVIL\",\"amountFen\":10000}]",
                inDays(10), inDays(20))).then().statusCode(200).body("paymentCode", equalTo(code));
    }

    @Test
    void twentyIdenticalRequestsAtOnceCreateExactlyOneBill() throws Exception {
        String no = Bills.orderNo();
        String body = Bills.fine(no, 12345, inDays(15));
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Response> call = () -> {
                    start.await();
                    return TRAFFIC.post("/api/v1/orders", body);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
            Map<Integer, Long> statuses = responses.stream()
                    .collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
            assertThat(statuses).containsEntry(201, 1L).containsEntry(200, (long) n - 1);
            Set<String> codes = responses.stream().map(r -> r.<String>path("paymentCode")).collect(Collectors.toSet());
            assertThat(codes).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Db.count("SELECT count(*) FROM payment_order WHERE unit_order_no = $1", no)).isEqualTo(1);
    }

    @Test
    void concurrentDistinctBillsGetDistinctCodes() throws Exception {
        int n = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> TRAFFIC.post("/api/v1/orders", Bills.fine(Bills.orderNo(), 500,
                        inDays(15))).then().statusCode(201).extract().<String>path("paymentCode")));
            }
            Set<String> codes = new java.util.HashSet<>();
            for (Future<String> f : futures) {
                codes.add(f.get());
            }
            assertThat(codes).hasSize(n).allMatch(PaymentCodes::isValid);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each bad body is a 400 problem with a stable code naming the field, and changes nothing. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing lines          | {"unitOrderNo":"X-1","payer":{"name":"张三"},"dueDate":"%DUE%"}                                                         | VALIDATION_FAILED  | lines
            empty lines            | {"unitOrderNo":"X-1","lines":[],"payer":{"name":"张三"},"dueDate":"%DUE%"}                                              | VALIDATION_FAILED  | lines
            zero amount            | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":0}],"payer":{"name":"张三"},"dueDate":"%DUE%"}     | VALIDATION_FAILED  | lines[0].amountFen
            negative amount        | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":-5}],"payer":{"name":"张三"},"dueDate":"%DUE%"}    | VALIDATION_FAILED  | lines[0].amountFen
            above 100M yuan        | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":10000000001}],"payer":{"name":"张三"},"dueDate":"%DUE%"} | VALIDATION_FAILED | lines[0].amountFen
            fractional fen         | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":12.5}],"payer":{"name":"张三"},"dueDate":"%DUE%"}  | VALIDATION_FAILED  | lines[0].amountFen
            amount as string       | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":"100"}],"payer":{"name":"张三"},"dueDate":"%DUE%"} | VALIDATION_FAILED  | lines[0].amountFen
            free item no amount    | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC"}],"payer":{"name":"张三"},"dueDate":"%DUE%"}                   | AMOUNT_REQUIRED    | lines[0].amountFen
            foreign item           | {"unitOrderNo":"X-1","lines":[{"itemCode":"TUITION-UG","amountFen":100000}],"payer":{"name":"张三"},"dueDate":"%DUE%"}  | UNKNOWN_ITEM       | lines[0].itemCode
            unknown field          | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三"},"dueDate":"%DUE%","discount":5} | UNKNOWN_FIELD | discount
            bad date               | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三"},"dueDate":"2026-02-30"} | VALIDATION_FAILED | dueDate
            due date far away      | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三"},"dueDate":"2099-01-01"} | VALIDATION_FAILED | dueDate
            payable before due     | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三"},"dueDate":"%DUE%","payableUntil":"%PAST%"} | VALIDATION_FAILED | payableUntil
            bad id number          | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三","idNumber":"12345"},"dueDate":"%DUE%"} | VALIDATION_FAILED | payer.idNumber
            bad phone              | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三","phone":"23800138000"},"dueDate":"%DUE%"} | VALIDATION_FAILED | payer.phone
            missing payer name     | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{},"dueDate":"%DUE%"}                | VALIDATION_FAILED  | payer.name
            long description       | {"unitOrderNo":"X-1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三"},"dueDate":"%DUE%","description":"%LONG%"} | VALIDATION_FAILED | description
            bad order number       | {"unitOrderNo":"X 1","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三"},"dueDate":"%DUE%"}   | VALIDATION_FAILED  | unitOrderNo
            duplicate key          | {"unitOrderNo":"X-1","unitOrderNo":"X-2","lines":[{"itemCode":"FINE-TRAFFIC","amountFen":100}],"payer":{"name":"张三"},"dueDate":"%DUE%"} | MALFORMED_JSON | -
            not json               | {"unitOrderNo":                                                                                                     | MALFORMED_JSON     | -
            """)
    void badInputIsAProblemAndChangesNothing(String name, String template, String code, String field) {
        String body = template.replace("%DUE%", inDays(15).toString()).replace("%PAST%", inDays(10).toString())
                .replace("%LONG%", "x".repeat(201));
        Db.assertNothingChangedBy(() -> {
            var then = TRAFFIC.post("/api/v1/orders", body).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo(code))
                    .body("status", equalTo(400))
                    .body("title", org.hamcrest.Matchers.notNullValue());
            if (!"-".equals(field)) {
                then.body("errors.field", hasItem(field));
            }
        });
    }

    @Test
    void tooManyLinesIsRejected() {
        String lines = "[" + String.join(",", java.util.Collections.nCopies(21,
                "{\"itemCode\":\"FINE-TRAFFIC\",\"amountFen\":100}")) + "]";
        TRAFFIC.post("/api/v1/orders", Bills.bill(Bills.orderNo(), lines, inDays(5), null))
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED")).body("errors.field", hasItem("lines"));
    }

    @Test
    void totalAboveTheMaximumIsRejectedEvenWhenEachLineIsAllowed() {
        String lines = "[{\"itemCode\":\"FINE-TRAFFIC\",\"amountFen\":6000000000},"
                + "{\"itemCode\":\"FINE-TRAFFIC\",\"amountFen\":6000000000}]";
        TRAFFIC.post("/api/v1/orders", Bills.bill(Bills.orderNo(), lines, inDays(5), null))
                .then().statusCode(400).body("code", equalTo("AMOUNT_TOO_LARGE"));
    }

    @ParameterizedTest
    @CsvSource({ "99999, AMOUNT_OUT_OF_RANGE", "3000001, AMOUNT_OUT_OF_RANGE" })
    void rangeItemOutsideItsBoundsIsRejected(long amount, String code) {
        UnitApi.as("ZJU").post("/api/v1/orders", Bills.bill(Bills.orderNo(),
                        "[{\"itemCode\":\"TUITION-UG\",\"amountFen\":" + amount + "}]", inDays(30), null))
                .then().statusCode(400).body("code", equalTo(code)).body("errors.field", hasItem("lines[0].amountFen"));
    }

    @Test
    void rangeItemWithinItsBoundsAndFixedItemTogether() {
        UnitApi.as("ZJU").post("/api/v1/orders", Bills.bill(Bills.orderNo(),
                        "[{\"itemCode\":\"TUITION-UG\",\"amountFen\":100000},{\"itemCode\":\"ACCOM-UG\"}]",
                        inDays(30), null))
                .then().statusCode(201).body("principalFen", equalTo(220000)).body("lines.size()", equalTo(2));
    }

    @Test
    void fixedItemWithAnotherAmountIsRejected() {
        UnitApi.as("ZJ-EXAM").post("/api/v1/orders", Bills.bill(Bills.orderNo(),
                        "[{\"itemCode\":\"EXAM-ACCOUNTING\",\"amountFen\":5000}]", inDays(30), null))
                .then().statusCode(400).body("code", equalTo("AMOUNT_MISMATCH"));
    }

    @Test
    void nonJsonContentTypeIsUnsupported() {
        byte[] body = "unitOrderNo=1".getBytes();
        long ts = UnitApi.now();
        String nonce = UnitApi.nonce();
        String sig = io.govclear.security.UnitSignature.sign("demo-secret-HZ-TRAFFIC".getBytes(), "POST",
                "/api/v1/orders", ts, nonce, body);
        TRAFFIC.signed(ts, nonce, sig, body, false).contentType("text/plain").body(body)
                .post("/api/v1/orders").then().statusCode(415).contentType("application/problem+json");
    }
}
