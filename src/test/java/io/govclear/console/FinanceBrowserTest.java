package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Browser;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The finance console's day-to-day workflows in Chromium, end to end: a discrepancy resolved (the suspense entry
 * moves, the audit log shows who and why), a settlement prepared by one supervisor and confirmed only by another, a
 * refund above the threshold approved by a supervisor and sent back through its channel. Screenshots for review
 * under target/screenshots. The day close is FundsTest's (it needs a funded day).
 */
@QuarkusTest
class FinanceBrowserTest {

    @Inject TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    private static long reconcile(String channel, LocalDate day) {
        long run = Staff.sendingJson("clerk").body("{\"channel\":\"" + channel + "\",\"businessDate\":\"" + day + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Staff.as("auditor")
                .get("/api/v1/reconciliations/" + run).then().body("status", equalTo("COMPLETED")));
        return run;
    }

    @Test
    void aDiscrepancyIsResolvedInTheBrowserAndTheAuditLogShowsIt() {
        clock.reset();
        clock.advance(Duration.ofDays(540));
        LocalDate day = clock.today();
        Payments.payBill(Bills.issueFine(8_800), "WECHAT_PAY");
        String channelOnly = Simulators.statementFault("WECHAT_PAY", day, "ADD_CHANNEL_ONLY", null, 3_300L);
        long run = reconcile("WECHAT_PAY", day);
        long id = Db.count("SELECT id FROM discrepancy WHERE run_id = $1 AND payment_id = $2", run, channelOnly);
        String supervisor = Console.newUser("SUPERVISOR", "pw-b-recon");
        try (Browser browser = Browser.open()) {
            browser.enrol(supervisor, "pw-b-recon").click("nav-reconciliations").at("/console/reconciliations");
            browser.go("/console/reconciliations?date=" + day).click("open-run-WECHAT_PAY")
                    .at("/console/reconciliations/" + run);
            browser.screenshot("reconciliation-run");
            browser.type("reason-" + id, "渠道确认付款人重复转账，退还").click("resolve-" + id);
            assertThat(browser.testId("recon-notice").getText()).contains("已处理");
            assertThat(browser.testId("discrepancy-" + id).getText()).contains(supervisor).contains("以渠道为准");
            browser.screenshot("reconciliation-resolved");
            browser.go("/console/audit?action=DISCREPANCY_TRUST_CHANNEL&subjectId=" + id);
            assertThat(browser.testId("audit").getText()).contains(supervisor).contains("渠道确认付款人重复转账");
            browser.screenshot("reconciliation-audit");
        }
        // the money the channel holds for nobody left suspense for the payer
        assertThat(Db.count("SELECT coalesce(sum(l.credit_fen - l.debit_fen), 0) FROM journal_line l JOIN journal_entry"
                + " e ON e.id = l.entry_id WHERE l.account = 'suspense' AND e.reference = $1", channelOnly)).isZero();
    }

    @Test
    void aSettlementIsConfirmedByASecondSupervisorOnly() {
        clock.reset();
        clock.advance(Duration.ofDays(550));
        LocalDate day = clock.today();
        Payments.payBill(Bills.issueFine(4_400), "ALIPAY");
        reconcile("ALIPAY", day);
        String first = Console.newUser("SUPERVISOR", "pw-b-first");
        try (Browser browser = Browser.open()) {
            browser.enrol(first, "pw-b-first").go("/console/settlements?date=" + day).click("prepare");
            assertThat(browser.testId("settlement-notice").getText()).contains("待另一位主管确认");
            assertThat(browser.testId("own-batch").getText()).contains("本人编制");
            assertThat(browser.html()).doesNotContain("data-test=\"confirm\"");
            browser.screenshot("settlement-own-batch");
        }
        // the page hides the button; that the server refuses the preparer whatever is sent is SettlementPagesTest's
        String second = Console.newUser("SUPERVISOR", "pw-b-second");
        try (Browser browser = Browser.open()) {
            browser.enrol(second, "pw-b-second").go("/console/settlements?date=" + day).click("confirm");
            assertThat(browser.testId("settlement-status").getText()).contains("CONFIRMED");
            assertThat(browser.testId("settlement-people").getText()).contains(first + " / " + second);
            browser.testId("payout-file");
            browser.screenshot("settlement-confirmed");
        }
    }

    @Test
    void aRefundAboveTheThresholdIsApprovedAndReachesTheChannel() {
        String code = Bills.issueFine(90_000);
        Payments.payBill(code, "ALIPAY");
        String refundId = UnitApi.as(Bills.TRAFFIC).post("/api/v1/orders/" + code + "/refunds", "{\"refundRequestNo\":"
                        + "\"R-" + UUID.randomUUID() + "\",\"amountFen\":80000,\"reason\":\"处罚决定撤销\"}")
                .then().statusCode(201).body("status", equalTo("REQUESTED")).extract().path("refundId");
        String supervisor = Console.newUser("SUPERVISOR", "pw-b-refund");
        try (Browser browser = Browser.open()) {
            browser.enrol(supervisor, "pw-b-refund").click("nav-refunds").at("/console/refunds");
            browser.testId("refund-" + refundId);
            browser.type("approve-" + refundId, "处罚决定已撤销，核对无误").click("approve-" + refundId);
            assertThat(browser.testId("refunds-notice").getText()).contains(refundId);
            assertThat(browser.testId("decided-" + refundId).getText()).contains("SUCCEEDED").contains(supervisor);
            browser.screenshot("refund-approved");
        }
        // sent back through Alipay: the channel answered with its refund and the bill is partly refunded
        var refund = Db.one("SELECT status, channel_refund_no IS NOT NULL FROM refund WHERE refund_id = $1", refundId);
        assertThat(refund.getString(0)).isEqualTo("SUCCEEDED");
        assertThat(refund.getBoolean(1)).isTrue();
        assertThat(Bills.status(code)).isEqualTo("PARTIALLY_REFUNDED");
    }
}
