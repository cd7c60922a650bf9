package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Payments;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Refund approvals in the console: the queue, a supervisor's reasoned approval (once), the refund at the channel. */
@QuarkusTest
class RefundPagesTest {

    @Test
    void aRefundAboveTheThresholdIsApprovedInTheConsoleOnce() {
        String code = Bills.issueFine(70_000);
        Payments.payBill(code, "ALIPAY");
        String refundId = UnitApi.as(Bills.TRAFFIC).post("/api/v1/orders/" + code + "/refunds", "{\"refundRequestNo\":"
                        + "\"R-" + UUID.randomUUID() + "\",\"amountFen\":60000,\"reason\":\"处罚决定撤销\"}")
                .then().statusCode(201).body("status", equalTo("REQUESTED")).extract().path("refundId");

        // a clerk sees the queue, without the forms, and cannot decide
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String queue = clerk.get("/console/refunds").then().statusCode(200).extract().asString();
        assertThat(queue).contains("data-test=\"refund-" + refundId + "\"").contains("600.00")
                .doesNotContain("data-test=\"approve-" + refundId + "\"");
        clerk.post("/console/refunds/" + refundId + "/approve", Map.of("reason", "同意")).then().statusCode(403);
        Console.signedIn("officer", "demo-officer").get("/console/refunds").then().statusCode(403);

        String name = Console.newUser("SUPERVISOR", "pw-refunds");
        Console supervisor = Console.enrolledAndSignedIn(name, "pw-refunds");
        assertThat(supervisor.get("/console/refunds").then().statusCode(200).extract().asString())
                .contains("data-test=\"approve-" + refundId + "\"");
        supervisor.post("/console/refunds/" + refundId + "/approve", Map.of()).then().statusCode(400);
        String approved = supervisor.post("/console/refunds/" + refundId + "/approve", Map.of("reason",
                "处罚决定已撤销，核对无误")).then().statusCode(200).extract().asString();
        assertThat(approved).contains("data-test=\"refunds-notice\"").contains("data-test=\"decided-" + refundId + "\"")
                .doesNotContain("data-test=\"refund-" + refundId + "\"");
        // once: a second decision is refused, whoever tries
        supervisor.post("/console/refunds/" + refundId + "/reject", Map.of("reason", "再议")).then().statusCode(409);
        assertThat(Db.one("SELECT status FROM refund WHERE refund_id = $1", refundId).getString(0))
                .isEqualTo("SUCCEEDED");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_type = 'REFUND' AND subject_id = $1"
                + " AND action = 'REFUND_APPROVED' AND actor = $2", refundId, name)).isEqualTo(1);
        assertThat(Bills.status(code)).isEqualTo("PARTIALLY_REFUNDED");
    }
}
