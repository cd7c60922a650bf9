package io.govclear.reconciliation;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reconciliation of the channels beyond Alipay and WeChat Pay's payments, end to end through the simulators: every
 * class on UnionPay's fixed-width file, ICBC's day-end file (with its day-end answer codes and the reconciled marker
 * that stops a later reverse), and refunds on Alipay and WeChat Pay. Each test works on its own business days.
 */
@QuarkusTest
class ChannelReconciliationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String UNIT = "HZ-TRAFFIC";

    @Inject
    TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    private void onDay(int daysFromToday) {
        clock.reset();
        clock.advance(Duration.ofDays(daysFromToday));
    }

    private record Paid(String code, String paymentId) {
    }

    /** A fine paid on the channel. */
    private static Paid paid(String channel, long amountFen) {
        String code = Bills.issueFine(amountFen);
        return new Paid(code, Payments.payBill(code, channel));
    }

    private static JsonPath run(long id) {
        return Staff.as("auditor").get("/api/v1/reconciliations/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static long reconcile(String channel, LocalDate date) {
        long id = Staff.sendingJson("clerk").body("{\"channel\":\"" + channel + "\",\"businessDate\":\"" + date + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(WAIT).untilAsserted(() -> assertThat(run(id).getString("status")).isEqualTo("COMPLETED"));
        return id;
    }

    private static List<Map<String, Object>> discrepancies(long runId) {
        return Staff.as("auditor").get("/api/v1/reconciliations/" + runId + "/discrepancies").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    /** The run's one discrepancy about this payment (not about a refund of it). */
    private static Map<String, Object> ofPayment(long runId, String paymentId) {
        List<Map<String, Object>> found = discrepancies(runId).stream()
                .filter(d -> paymentId.equals(d.get("paymentId")) && d.get("refundId") == null).toList();
        assertThat(found).as("discrepancies of " + paymentId).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> ofRefund(long runId, String refundId) {
        List<Map<String, Object>> found = discrepancies(runId).stream()
                .filter(d -> refundId.equals(d.get("refundId"))).toList();
        assertThat(found).as("discrepancies of refund " + refundId).hasSize(1);
        return found.get(0);
    }

    /** The suspense account's balance (credit minus debit) over the entries of one payment id. */
    private static long suspenseOf(String paymentId) {
        return Db.count("SELECT coalesce(sum(l.credit_fen - l.debit_fen), 0) FROM journal_line l"
                + " JOIN journal_entry e ON e.id = l.entry_id WHERE l.account = 'suspense' AND e.reference = $1",
                paymentId);
    }

    @Test
    void unionPayFileProducesEveryClass() {
        onDay(200);
        LocalDate day = clock.today();
        Paid matched = paid("UNIONPAY", 10000);
        Paid altered = paid("UNIONPAY", 20000);
        Simulators.statementFault("UNIONPAY", day, "ALTER_AMOUNT", altered.paymentId(), 20100L);
        Paid omitted = paid("UNIONPAY", 30000);
        Simulators.statementFault("UNIONPAY", day, "OMIT_TRADE", omitted.paymentId(), null);
        Paid crossed = paid("UNIONPAY", 40000);
        Simulators.statementFault("UNIONPAY", day, "CROSS_MIDNIGHT", crossed.paymentId(), null);
        String channelOnly = Simulators.statementFault("UNIONPAY", day, "ADD_CHANNEL_ONLY", null, 777L);
        // paid at UnionPay, notify lost, our next query hours away: we hold it PENDING
        String unnoticed = Payments.start(Bills.issueFine(50000), "UNIONPAY");
        Db.execute("UPDATE payment_attempt SET next_query_at = next_query_at + interval '1 day' WHERE payment_id = $1",
                unnoticed);
        Payments.pay("UNIONPAY", unnoticed, "DROP");
        // one bill paid on Alipay and then on UnionPay: the second success is a duplicate payment
        String billTwice = Bills.issueFine(60000);
        String second = Payments.start(billTwice, "UNIONPAY");
        String first = Payments.start(billTwice, "ALIPAY");
        Payments.pay("ALIPAY", first, "NORMAL");
        Payments.awaitSucceeded(first);
        Payments.pay("UNIONPAY", second, "NORMAL");
        Payments.awaitSucceeded(second);
        assertThat(given().get("/api/v1/payments/" + unnoticed).<String>path("status")).isEqualTo("PENDING");

        long runId = reconcile("UNIONPAY", day);
        JsonPath run = run(runId);
        assertThat(run.getInt("statementLines")).isEqualTo(5);
        assertThat(run.getLong("classes.MATCHED.count")).isEqualTo(1);
        assertThat(run.getLong("classes.MATCHED.amountFen")).isEqualTo(10000);
        assertThat(run.getLong("classes.AMOUNT_MISMATCH.count")).isEqualTo(1);
        assertThat(run.getLong("classes.PLATFORM_ONLY.count")).isEqualTo(2);
        assertThat(run.getLong("classes.CHANNEL_ONLY.count")).isEqualTo(1);
        assertThat(run.getLong("classes.STATUS_MISMATCH.count")).isEqualTo(1);
        assertThat(run.getLong("classes.DUPLICATE_PAYMENT.count")).isEqualTo(1);
        assertThat(run.getLong("statementTotals.paymentFen")).isEqualTo(10000 + 20100 + 777 + 50000 + 60000);
        assertThat(run.getLong("feeTotals.netFeeFen")).isPositive();

        assertThat(ofPayment(runId, altered.paymentId())).containsEntry("class", "AMOUNT_MISMATCH")
                .containsEntry("status", "SUSPENSE").containsEntry("suspenseFen", 100);
        assertThat(suspenseOf(altered.paymentId())).isEqualTo(100);
        assertThat(ofPayment(runId, channelOnly)).containsEntry("class", "CHANNEL_ONLY")
                .containsEntry("status", "SUSPENSE").containsEntry("suspenseFen", 777);
        assertThat(ofPayment(runId, omitted.paymentId())).containsEntry("status", "PENDING_NEXT_DAY");
        assertThat(ofPayment(runId, crossed.paymentId())).containsEntry("status", "PENDING_NEXT_DAY");
        assertThat(ofPayment(runId, unnoticed)).containsEntry("class", "STATUS_MISMATCH")
                .containsEntry("status", "AUTO_RESOLVED").containsEntry("resolution", "BACKFILLED_PAID");
        assertThat(given().get("/api/v1/payments/" + unnoticed).<String>path("status")).isEqualTo("SUCCEEDED");
        assertThat(ofPayment(runId, second)).containsEntry("class", "DUPLICATE_PAYMENT")
                .containsEntry("status", "AUTO_RESOLVED").containsEntry("resolution", "QUEUED_FOR_REFUND");
        assertThat(discrepancies(runId).stream().filter(d -> matched.paymentId().equals(d.get("paymentId")))).isEmpty();
        Ledger.assertBalanced();

        // the next day's file lists the consume that crossed midnight; the omitted one is missing twice
        onDay(201);
        long nextId = reconcile("UNIONPAY", day.plusDays(1));
        assertThat(run(nextId).getLong("classes.MATCHED.count")).isEqualTo(1);
        assertThat(ofPayment(runId, crossed.paymentId())).containsEntry("status", "RESOLVED")
                .containsEntry("resolution", "FOUND_NEXT_DAY");
        Map<String, Object> missing = ofPayment(runId, omitted.paymentId());
        assertThat(missing).containsEntry("status", "SUSPENSE").containsEntry("suspenseFen", -30000);
        assertThat(suspenseOf(omitted.paymentId())).isEqualTo(-30000);
        Staff.sendingJson("supervisor")
                .body("{\"action\":\"TRUST_PLATFORM\",\"reason\":\"UnionPay confirmed it by phone\"}")
                .post("/api/v1/reconciliations/" + runId + "/discrepancies/" + missing.get("id") + "/resolve")
                .then().statusCode(200).body("status", equalTo("RESOLVED"));
        assertThat(suspenseOf(omitted.paymentId())).isZero();
    }

    private static ExtractableResponse<Response> counterPayment(String bank, String paymentCode, boolean reverse) {
        return given().contentType("application/json")
                .body("{\"paymentCode\":\"" + paymentCode + "\",\"reverse\":" + reverse + "}")
                .post(sim("/sim/bank/" + bank + "/counter-payments")).then().statusCode(200).extract();
    }

    @Test
    void icbcDayEndFileIsMatchedByConfirmationNumberAndMarksTheDayReconciled() {
        onDay(210);
        LocalDate day = clock.today();
        ExtractableResponse<Response> matched = counterPayment("icbc", Bills.issueFine(10000), false);
        String missing = counterPayment("icbc", Bills.issueFine(20000), false).path("confirmationNo");
        Simulators.statementFault("BANK_ICBC", day, "OMIT_TRADE", missing, null);
        String differs = counterPayment("icbc", Bills.issueFine(30000), false).path("confirmationNo");
        Simulators.statementFault("BANK_ICBC", day, "ALTER_AMOUNT", differs, 30100L);
        String reversed = counterPayment("icbc", Bills.issueFine(4000), true).path("confirmationNo");
        String neverSent = Simulators.statementFault("BANK_ICBC", day, "ADD_CHANNEL_ONLY", null, 777L);
        assertThat(Db.count("SELECT count(*) FROM bank_confirmation WHERE bank = 'ICBC' AND business_date = $1"
                + " AND reconciled_at IS NOT NULL", day)).isZero();

        long runId = reconcile("BANK_ICBC", day);
        JsonPath run = run(runId);
        assertThat(run.getInt("statementLines")).isEqualTo(3);
        assertThat(run.getLong("classes.MATCHED.count")).isEqualTo(1);
        assertThat(run.getLong("classes.MATCHED.amountFen")).isEqualTo(10000);
        assertThat(run.getLong("platformTotals.count")).as("the reversed one is no success of ours").isEqualTo(3);
        assertThat(run.getLong("platformTotals.amountFen")).isEqualTo(60000);
        assertThat(run.getLong("classes.STATUS_MISMATCH.count")).isZero();

        Map<String, Object> gone = ofPayment(runId, missing);
        assertThat(gone).as("a day-end file is final: no wait for the next day").containsEntry("class", "PLATFORM_ONLY")
                .containsEntry("status", "SUSPENSE").containsEntry("suspenseFen", -20000);
        assertThat((String) gone.get("detail")).startsWith("2002 sent intraday but missing from the day-end file");
        Map<String, Object> amount = ofPayment(runId, differs);
        assertThat(amount).containsEntry("class", "AMOUNT_MISMATCH").containsEntry("suspenseFen", 100);
        assertThat((String) amount.get("detail")).startsWith("2001 amount differs at day end");
        Map<String, Object> unknown = ofPayment(runId, neverSent);
        assertThat(unknown).containsEntry("class", "CHANNEL_ONLY").containsEntry("status", "SUSPENSE")
                .containsEntry("suspenseFen", 777);
        assertThat((String) unknown.get("detail")).startsWith("2003 in the day-end file but never sent intraday");
        assertThat(discrepancies(runId).stream().filter(d -> reversed.equals(d.get("paymentId")))).isEmpty();
        assertThat(suspenseOf(missing)).isEqualTo(-20000);
        assertThat(suspenseOf(differs)).isEqualTo(100);
        assertThat(suspenseOf(neverSent)).isEqualTo(777);

        // the bank's day is reconciled: a reverse now is refused, and nothing changes
        assertThat(Db.count("SELECT count(*) FROM bank_confirmation WHERE bank = 'ICBC' AND business_date = $1"
                + " AND reconciled_at IS NULL", day)).isZero();
        given().contentType("application/json")
                .post(sim("/sim/bank/icbc/counter-payments/" + matched.path("bankSerialNo") + "/reverse"))
                .then().statusCode(200).body("code", equalTo("1010"));
        assertThat(given().get("/api/v1/payments/" + matched.<String>path("confirmationNo")).<String>path("status"))
                .isEqualTo("SUCCEEDED");
    }

    private static String refund(String code, long amountFen) {
        return UnitApi.as(UNIT).post("/api/v1/orders/" + code + "/refunds", "{\"refundRequestNo\":\"R-"
                        + UUID.randomUUID() + "\",\"amountFen\":" + amountFen + ",\"reason\":\"reconciled refund\"}")
                .then().statusCode(201).extract().path("refundId");
    }

    private static String refundStatus(String refundId) {
        return Db.one("SELECT status FROM refund WHERE refund_id = $1", refundId).getString(0);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void refundsAreMatchedMissingOnesPostedAndSubmittedOnesConfirmedByQuery(String channel) {
        int testDay = channel.equals("ALIPAY") ? 220 : 225;
        // other tests' duplicate payments wait an hour, then a background job refunds them on whatever day the clock
        // shows: let that happen the day before, so this day's statement lists only this test's refunds
        onDay(testDay - 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> Db.count("SELECT count(*) FROM duplicate_payment d"
                + " WHERE d.status = 'QUEUED_FOR_REFUND'"
                + " AND NOT EXISTS (SELECT 1 FROM refund r WHERE r.duplicate_payment_id = d.id)") == 0);
        onDay(testDay);
        LocalDate day = clock.today();
        Paid matched = paid(channel, 10000);
        String matchedRefund = refund(matched.code(), 3000);
        Paid omitted = paid(channel, 20000);
        String omittedRefund = refund(omitted.code(), 5000);
        Simulators.statementFault(channel, day, "OMIT_TRADE", omittedRefund, null);
        // refunded at the channel, its answer lost, our next query a day away: we hold it SUBMITTED
        Paid submitted = paid(channel, 30000);
        Simulators.refundFault(channel, submitted.paymentId(), "ANSWER_LOST");
        String submittedRefund = refund(submitted.code(), 30000);
        Db.execute("UPDATE refund SET next_query_at = next_query_at + interval '1 day' WHERE refund_id = $1",
                submittedRefund);
        assertThat(refundStatus(matchedRefund)).isEqualTo("SUCCEEDED");
        assertThat(refundStatus(omittedRefund)).isEqualTo("SUCCEEDED");
        assertThat(refundStatus(submittedRefund)).isEqualTo("SUBMITTED");

        long runId = reconcile(channel, day);
        JsonPath run = run(runId);
        assertThat(run.getLong("classes.MATCHED.count")).as("the three payments").isEqualTo(3);
        assertThat(run.getInt("statementTotals.refundCount")).isEqualTo(2);
        assertThat(run.getLong("statementTotals.refundFen")).isEqualTo(3000 + 30000);
        assertThat(run.getLong("refundClasses.MATCHED.count")).isEqualTo(1);
        assertThat(run.getLong("refundClasses.MATCHED.amountFen")).isEqualTo(3000);
        assertThat(run.getLong("refundClasses.PLATFORM_ONLY.count")).isEqualTo(1);
        assertThat(run.getLong("refundClasses.STATUS_MISMATCH.count")).isEqualTo(1);
        assertThat(run.getLong("refundClasses.CHANNEL_ONLY.count")).isZero();
        assertThat(run.getLong("platformRefundTotals.count")).as("succeeded that day when matched").isEqualTo(2);
        assertThat(run.getLong("platformRefundTotals.amountFen")).isEqualTo(8000);

        assertThat(ofRefund(runId, omittedRefund)).containsEntry("class", "PLATFORM_ONLY")
                .containsEntry("paymentId", omitted.paymentId()).containsEntry("status", "PENDING_NEXT_DAY");
        assertThat(ofRefund(runId, submittedRefund)).containsEntry("class", "STATUS_MISMATCH")
                .containsEntry("status", "AUTO_RESOLVED").containsEntry("resolution", "REFUND_CONFIRMED");
        assertThat(refundStatus(submittedRefund)).as("settled through the refund query path").isEqualTo("SUCCEEDED");
        assertThat(given().get("/api/v1/bills/" + submitted.code()).<String>path("status")).isEqualTo("REFUNDED");
        assertThat(Db.count("SELECT count(*) FROM journal_entry WHERE idempotency_key = $1",
                "refund:" + submittedRefund)).isEqualTo(1);
        Ledger.assertBalanced();

        // not in the next day's file either: we booked a refund the channel never made, money it still holds
        onDay(channel.equals("ALIPAY") ? 221 : 226);
        reconcile(channel, day.plusDays(1));
        Map<String, Object> missing = ofRefund(runId, omittedRefund);
        assertThat(missing).containsEntry("status", "SUSPENSE").containsEntry("suspenseFen", 5000);
        assertThat(suspenseOf(omitted.paymentId())).isEqualTo(5000);
        Ledger.assertBalanced();
        Staff.sendingJson("supervisor")
                .body("{\"action\":\"TRUST_PLATFORM\",\"reason\":\"the channel refunded it late\"}")
                .post("/api/v1/reconciliations/" + runId + "/discrepancies/" + missing.get("id") + "/resolve")
                .then().statusCode(200).body("status", equalTo("RESOLVED"));
        assertThat(suspenseOf(omitted.paymentId())).isZero();
    }
}
