package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.govclear.support.Payments;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A bill's whole story: one timeline from issue to refund, and only for those who may see the bill. */
@QuarkusTest
class BillStoryPageTest {

    private static final Pattern KIND = Pattern.compile("data-test=\"event-([A-Z_]+)\"");

    @Test
    void theTimelineOfABillPaidWithADroppedNotifyThenPartlyRefunded() {
        String code = Payments.paidWithDroppedNotifyThenPartlyRefunded(30_000, 10_000, "部分撤销");

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String page = await().atMost(Duration.ofSeconds(30)).until(
                () -> clerk.get("/console/bills/" + code).then().statusCode(200).extract().asString(),
                p -> p.contains("event-RECEIPT") && p.contains("event-REFUND_STATUS"));
        List<String> kinds = KIND.matcher(page).results().map(m -> m.group(1)).toList();
        assertThat(kinds.get(0)).isEqualTo("ISSUED");
        assertThat(kinds).contains("CHECKOUT", "ATTEMPT", "LEDGER", "STATUS", "REFUND", "REFUND_STATUS", "RECEIPT",
                "AUDIT");
        // the notify was dropped: the payment was found by the engine's own query, not by a notify; every question
        // put to the channel is there with its answer (the query that found it paid, the refund)
        assertThat(kinds).doesNotContain("NOTIFY").contains("CHANNEL_CALL");
        assertThat(page).containsPattern("query \\S+: SUCCESS TRADE_SUCCESS")
                .containsPattern("refund \\S+ / \\S+: [A-Z]+");
        assertThat(page).contains("via ALIPAY").contains("UNPAID → PAID").contains("部分撤销")
                .contains("PAID → PARTIALLY_REFUNDED").doesNotContain(Bills.ID_NUMBER).doesNotContain(Bills.PHONE);
        // oldest first
        assertThat(kinds.indexOf("CHECKOUT")).isLessThan(kinds.indexOf("REFUND"));
    }

    @Test
    void anAuditorRevealsAPayersIdNumberForAReasonAndTheRevealIsAudited() {
        String code = Bills.issueFine(5_000);
        Console auditor = Console.signedIn("auditor", "demo-auditor");
        auditor.get("/console/bills/" + code).then().statusCode(200);
        long before = io.govclear.support.Db.count("SELECT count(*) FROM audit_event WHERE action = 'PAYER_REVEALED'");
        auditor.post("/console/bills/" + code + "/reveal", java.util.Map.of("field", "ID_NUMBER", "reason", "x"))
                .then().statusCode(400);
        assertThat(io.govclear.support.Db.count("SELECT count(*) FROM audit_event WHERE action = 'PAYER_REVEALED'"))
                .isEqualTo(before);
        String page = auditor.post("/console/bills/" + code + "/reveal",
                        java.util.Map.of("field", "ID_NUMBER", "reason", "核对缴款人身份（工单 2026-118）"))
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("data-test=\"revealed\">" + Bills.ID_NUMBER + "<");
        var logged = io.govclear.support.Db.one("SELECT actor, subject_id, details->>'field' AS field,"
                + " details->>'reason' AS reason, details::text AS all FROM audit_event WHERE action = 'PAYER_REVEALED'"
                + " ORDER BY id DESC LIMIT 1");
        assertThat(logged.getString("actor")).isEqualTo("auditor");
        assertThat(logged.getString("subject_id")).isEqualTo(code);
        assertThat(logged.getString("field")).isEqualTo("ID_NUMBER");
        assertThat(logged.getString("reason")).isEqualTo("核对缴款人身份（工单 2026-118）");
        assertThat(logged.getString("all")).doesNotContain(Bills.ID_NUMBER);
        // the bill's story shows it, without the value
        String story = auditor.get("/console/bills/" + code).then().statusCode(200).extract().asString();
        assertThat(story).contains("PAYER_REVEALED").doesNotContain(Bills.ID_NUMBER);

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        clerk.get("/console/bills/" + code).then().statusCode(200);
        clerk.post("/console/bills/" + code + "/reveal", java.util.Map.of("field", "PHONE", "reason", "just looking"))
                .then().statusCode(403);
    }

    @Test
    void aUnitOfficerCannotOpenAnotherUnitsBill() {
        String exam = Bills.issue("ZJ-EXAM", "[{\"itemCode\":\"EXAM-CIVIL\",\"amountFen\":10000}]");
        String traffic = Bills.issueFine(1_000);
        Console officer = Console.signedIn("officer", "demo-officer");
        officer.get("/console/bills/" + traffic).then().statusCode(200);
        officer.get("/console/bills/" + exam).then().statusCode(404);
        officer.get("/console/bills/99999999999999999999").then().statusCode(404);
        officer.get("/console/bills/abc").then().statusCode(404);
        Console.signedIn("clerk", "demo-clerk").get("/console/bills/" + exam).then().statusCode(200);
    }
}
