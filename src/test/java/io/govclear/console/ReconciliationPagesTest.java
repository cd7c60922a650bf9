package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation in the console: a clerk starts a channel's run from the day's page, the run's discrepancies are
 * filtered, a supervisor resolves one in suspense with a reason (the suspense entry moves, the audit log names them),
 * once: a second try is told who did it; a re-run needs a supervisor and a reason.
 */
@QuarkusTest
class ReconciliationPagesTest {

    @Inject TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    @Test
    void aDiscrepancyIsResolvedOnceFromTheRunsPage() {
        clock.reset();
        clock.advance(Duration.ofDays(530));
        LocalDate day = clock.today();
        Payments.payBill(Bills.issueFine(12_300), "ALIPAY");
        String channelOnly = Simulators.statementFault("ALIPAY", day, "ADD_CHANNEL_ONLY", null, 4_500L);

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        assertThat(clerk.get("/console/reconciliations?date=" + day).then().statusCode(200).extract().asString())
                .contains("data-test=\"start-ALIPAY\"").contains("data-test=\"nav-reconciliations\"");
        clerk.post("/console/reconciliations", Map.of("date", day.toString(), "channel", "ALIPAY")).then()
                .statusCode(200);
        long run = Db.count("SELECT id FROM reconciliation_run WHERE channel = 'ALIPAY' AND business_date = $1", day);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Staff.as("auditor")
                .get("/api/v1/reconciliations/" + run).then().body("status", equalTo("COMPLETED")));
        long id = Db.count("SELECT id FROM discrepancy WHERE run_id = $1 AND payment_id = $2", run, channelOnly);
        String page = clerk.get("/console/reconciliations/" + run + "?class=CHANNEL_ONLY&status=SUSPENSE").then()
                .statusCode(200).extract().asString();
        assertThat(page).contains("data-test=\"discrepancy-" + id + "\"").contains("挂账待主管处理")
                .doesNotContain("data-test=\"resolve-" + id + "\"").doesNotContain("data-test=\"rerun\"");
        assertThat(clerk.get("/console/reconciliations/" + run + "?class=AMOUNT_MISMATCH").then().statusCode(200)
                .extract().asString()).doesNotContain("data-test=\"discrepancy-" + id + "\"");
        clerk.get("/console/reconciliations/" + run + "?class=NOPE").then().statusCode(400);
        clerk.post("/console/reconciliations/" + run + "/discrepancies/" + id + "/resolve",
                Map.of("action", "REFUND", "reason", "x")).then().statusCode(403);

        Console supervisor = Console.enrolledAndSignedIn(Console.newUser("SUPERVISOR", "pw-recon"), "pw-recon");
        assertThat(supervisor.get("/console/reconciliations/" + run).then().statusCode(200).extract().asString())
                .contains("data-test=\"resolve-" + id + "\"");
        supervisor.post("/console/reconciliations/" + run + "/discrepancies/" + id + "/resolve",
                Map.of("action", "REFUND")).then().statusCode(400);
        long suspense = suspense(channelOnly);
        String resolved = supervisor.post("/console/reconciliations/" + run + "/discrepancies/" + id + "/resolve",
                Map.of("action", "REFUND", "reason", "渠道确认为付款人多付")).then().statusCode(200).extract().asString();
        assertThat(resolved).contains("已处理：退还缴款人").contains("data-test=\"resolved-by\"");
        assertThat(suspense).isEqualTo(4_500);
        assertThat(suspense(channelOnly)).isZero();
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'DISCREPANCY_REFUND' AND subject_id = $1"
                + " AND details ->> 'reason' = '渠道确认为付款人多付'", Long.toString(id))).isEqualTo(1);
        // once: a second click (by anyone) is told, and nothing moves again
        String again = supervisor.post("/console/reconciliations/" + run + "/discrepancies/" + id + "/resolve",
                Map.of("action", "WRITE_OFF", "reason", "again")).then().statusCode(409).extract().asString();
        assertThat(again).contains("data-test=\"recon-error\"").contains("RESOLVED");
        assertThat(suspense(channelOnly)).isZero();

        supervisor.post("/console/reconciliations/" + run + "/rerun", Map.of()).then().statusCode(400);
        supervisor.post("/console/reconciliations/" + run + "/rerun", Map.of("reason", "渠道重发对账单")).then()
                .statusCode(200);
        assertThat(Db.count("SELECT generation FROM reconciliation_run WHERE id = $1", run)).isEqualTo(2);
    }

    /** The suspense account's balance (credit − debit) over the entries of one payment id. */
    private static long suspense(String paymentId) {
        return Db.count("SELECT coalesce(sum(l.credit_fen - l.debit_fen), 0) FROM journal_line l"
                + " JOIN journal_entry e ON e.id = l.entry_id WHERE l.account = 'suspense' AND e.reference = $1",
                paymentId);
    }
}
