package io.govclear.settlement;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.PayoutBank;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Settlement end to end: bills paid on every channel through their simulators (ICBC over the signed bank API),
 * refunded, paid twice, reconciled with a statement fault, then settled, confirmed under four eyes, paid out through
 * the simulated payout bank, and the held amount settled the day its discrepancy is resolved. Every batch is checked
 * by the integrity endpoint and the trial balance. Each test settles its own business days far from today.
 */
@QuarkusTest
class SettlementTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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

    private static void refund(String unit, String paymentCode, long amountFen) {
        UnitApi.as(unit).post("/api/v1/orders/" + paymentCode + "/refunds", "{\"refundRequestNo\":\"R-"
                        + UUID.randomUUID() + "\",\"amountFen\":" + amountFen + ",\"reason\":\"decision amended\"}")
                .then().statusCode(201).body("status", equalTo("SUCCEEDED"));
    }

    private static long reconcile(String channel, LocalDate date) {
        long id = Staff.sendingJson("clerk").body("{\"channel\":\"" + channel + "\",\"businessDate\":\"" + date + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(WAIT).untilAsserted(() -> Staff.as("auditor").get("/api/v1/reconciliations/" + id).then()
                .statusCode(200).body("status", equalTo("COMPLETED")));
        return id;
    }

    /**
     * A COMPLETED run recorded directly, as reconciliation records it, for tests about what settlement does with runs
     * (the day's test above reconciles every channel against its statement).
     */
    static void reconciledWithoutStatement(String channel, LocalDate date) {
        Db.execute("INSERT INTO reconciliation_run (channel, business_date, status, requested_by, created_at,"
                + " finished_at) VALUES ($1, $2, 'COMPLETED', 'test', now(), now())", channel, date);
    }

    static Response build(String user, LocalDate date) {
        return Staff.sendingJson(user).body("{\"businessDate\":\"" + date + "\"}").post("/api/v1/settlements");
    }

    static JsonPath get(LocalDate date) {
        return Staff.as("auditor").get("/api/v1/settlements/" + date).then().statusCode(200).extract().jsonPath();
    }

    /** The integrity check holds, and answers its figures. */
    static Map<String, Object> assertIntegrity(LocalDate date) {
        JsonPath report = Staff.as("auditor").get("/api/v1/settlements/" + date + "/integrity").then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getList("failed")).as("failed integrity checks").isEmpty();
        assertThat(report.getBoolean("ok")).isTrue();
        Ledger.assertBalanced();
        return report.getMap("figures");
    }

    private static Map<String, Object> line(JsonPath batch, String unit, String item) {
        List<Map<String, Object>> lines = batch.getList("lines");
        return lines.stream().filter(l -> unit.equals(l.get("unitCode")) && item.equals(l.get("itemCode")))
                .findFirst().orElseThrow(() -> new AssertionError("no line " + unit + "/" + item + " in " + lines));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> splits(Map<String, Object> line) {
        Map<String, Integer> byLevel = new HashMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) line.get("splits")) {
            byLevel.put((String) s.get("level"), (Integer) s.get("amountFen"));
        }
        return byLevel;
    }

    private static long ledgerMovement(String account, String keyPrefix) {
        return Db.count("SELECT coalesce(sum(l.debit_fen - l.credit_fen), 0) FROM journal_line l"
                + " JOIN journal_entry e ON e.id = l.entry_id WHERE l.account = $1 AND e.idempotency_key LIKE $2",
                account, keyPrefix + "%");
    }

    /** The simulated payout bank, told how the issue it received ended, confirms it to the engine, signed. */
    private static void simulatedBank(LocalDate date, int issueNo, String outcome) {
        given().contentType("application/json").body("{\"outcome\":\"" + outcome + "\",\"issueNo\":" + issueNo
                        + ",\"reason\":\"account frozen\"}")
                .post(sim("/sim/payout-bank/payouts/" + date)).then().statusCode(200)
                .body("status", equalTo(outcome)).body("issueNo", equalTo(issueNo));
    }

    @Test
    void aDayOnEveryChannelIsSettledConfirmedPaidAndItsHeldAmountSettlesTheDayItIsResolved() {
        onDay(401);
        LocalDate day = clock.today();
        Db.execute("UPDATE charge_item SET fee_deducted = true WHERE code = 'REALESTATE-REG'");

        // Alipay: an awkward fine (30 % province / 70 % city), and one refunded in part
        String fineCode = Bills.issueFine(10_001);
        Payments.payBill(fineCode, "ALIPAY");
        String refundedCode = Bills.issueFine(30_000);
        Payments.payBill(refundedCode, "ALIPAY");
        refund("HZ-TRAFFIC", refundedCode, 10_000);
        // Alipay: a fine whose statement shows another amount: held
        String heldCode = Bills.issueFine(20_000);
        String heldPayment = Payments.payBill(heldCode, "ALIPAY");
        Simulators.statementFault("ALIPAY", day, "ALTER_AMOUNT", heldPayment, 20_100L);
        // WeChat Pay: tuition and accommodation on one bill (apportioned by line), and the same bill paid again
        String tuitionCode = Bills.issue("ZJU", "[{\"itemCode\":\"TUITION-UG\",\"amountFen\":500001},"
                + "{\"itemCode\":\"ACCOM-UG\",\"amountFen\":120000}]");
        String second = Payments.start(tuitionCode, "ALIPAY");
        Payments.payBill(tuitionCode, "WECHAT_PAY");
        Payments.pay("ALIPAY", second);
        Payments.awaitSucceeded(second);
        assertThat(Db.count("SELECT count(*) FROM payment_attempt WHERE payment_id = $1 AND duplicate", second))
                .isEqualTo(1);
        // UnionPay: an exam fee split 30 % central / 70 % province
        Payments.payBill(Bills.issue("ZJ-EXAM", "[{\"itemCode\":\"EXAM-ACCOUNTING\",\"amountFen\":5600}]"),
                "UNIONPAY");
        // ICBC counter: a registration fee whose channel fee is deducted from the unit
        Payments.payBill(Bills.issue("HZ-REALESTATE", "[{\"itemCode\":\"REALESTATE-REG\",\"amountFen\":8000}]"),
                "BANK_ICBC");

        reconcile("ALIPAY", day);
        reconcile("WECHAT_PAY", day);
        reconcile("UNIONPAY", day);
        reconcile("BANK_ICBC", day);

        // the draft, built once
        JsonPath batch = build("clerk", day).then().statusCode(201).extract().jsonPath();
        build("clerk", day).then().statusCode(200).body("totalNetFen", equalTo(batch.getInt("totalNetFen")));
        assertThat(Db.count("SELECT count(*) FROM settlement_batch WHERE business_date = $1", day)).isEqualTo(1);
        assertThat(batch.getString("status")).isEqualTo("DRAFT");
        assertThat(batch.getLong("heldFen")).isEqualTo(20_000);
        assertThat(batch.getList("held.reference")).containsExactly(heldPayment);
        assertThat(batch.getList("held.reason")).containsExactly("DISCREPANCY");

        Map<String, Object> traffic = line(batch, "HZ-TRAFFIC", "FINE-TRAFFIC");
        long trafficFee = (10_001L * 60 + 5_000) / 10_000 + (30_000L * 60 + 5_000) / 10_000;
        assertThat(traffic).containsEntry("grossFen", 40_001).containsEntry("refundFen", 10_000)
                .containsEntry("feeFen", (int) trafficFee).containsEntry("feeDeducted", false)
                .containsEntry("netFen", 30_001).containsEntry("destination", "TREASURY");
        // 30001 × 30 % = 9000.3, × 70 % = 21000.7: the fen left goes to the city
        assertThat(splits(traffic)).containsOnly(Map.entry("PROVINCE", 9_000), Map.entry("CITY", 21_001));

        // the tuition bill apportioned by line: each item gets its own line amount
        assertThat(line(batch, "ZJU", "TUITION-UG")).containsEntry("grossFen", 500_001)
                .containsEntry("netFen", 500_001);
        assertThat(line(batch, "ZJU", "ACCOM-UG")).containsEntry("grossFen", 120_000)
                .containsEntry("destination", "FISCAL_SPECIAL_ACCOUNT");
        assertThat(splits(line(batch, "ZJU", "ACCOM-UG"))).containsOnly(Map.entry("UNIT", 120_000));
        // the bill's channel fee (0.60 % of 620001 = 3720.006 → 3720) apportioned by line: floors 3000 and 719, the
        // fen left over to the first line
        assertThat(line(batch, "ZJU", "TUITION-UG")).containsEntry("feeFen", 3_001);
        assertThat(line(batch, "ZJU", "ACCOM-UG")).containsEntry("feeFen", 719);

        assertThat(splits(line(batch, "ZJ-EXAM", "EXAM-ACCOUNTING")))
                .containsOnly(Map.entry("CENTRAL", 1_680), Map.entry("PROVINCE", 3_920));
        // ICBC 0.20 % of 80.00 = 16 fen, deducted
        assertThat(line(batch, "HZ-REALESTATE", "REALESTATE-REG")).containsEntry("feeFen", 16)
                .containsEntry("feeDeducted", true).containsEntry("netFen", 7_984);
        // the duplicate payment is the payer's money, not the unit's: only the first payment is in
        assertThat(batch.getLong("totalGrossFen")).isEqualTo(40_001 + 620_001 + 5_600 + 8_000);
        assertThat(batch.getLong("totalNetFen")).isEqualTo(30_001 + 620_001 + 5_600 + 7_984);
        assertThat(assertIntegrity(day)).containsEntry("collectedFen", 40_001 + 20_000 + 620_001 + 5_600 + 8_000)
                .containsEntry("heldFen", 20_000).containsEntry("unitPayableMovedFen", 0);

        // four eyes and roles
        Staff.sendingJson("clerk").post("/api/v1/settlements/" + day + "/confirm").then().statusCode(403);
        Staff.sendingJson("supervisor").post("/api/v1/settlements/" + day + "/confirm").then().statusCode(200)
                .body("status", equalTo("CONFIRMED")).body("confirmedBy", equalTo("supervisor"));
        Staff.sendingJson("supervisor").post("/api/v1/settlements/" + day + "/confirm").then().statusCode(409)
                .body("code", equalTo("SETTLEMENT_NOT_DRAFT"));
        Map<String, Object> confirmed = assertIntegrity(day);
        assertThat(confirmed).containsEntry("unitPayableMovedFen", 663_586 + 16)
                .containsEntry("outboundMovedFen", 663_586);
        String prefix = "settle:" + day + ":";
        assertThat(ledgerMovement("unit_payable:HZ-REALESTATE", prefix)).isEqualTo(8_000);
        assertThat(ledgerMovement("channel_fee:BANK_ICBC", prefix)).as("deducted: recovered from the unit").isZero();
        // Alipay keeps fees back (net terms): what its statement says it kept is the platform's cost — our 0.6 % of the
        // fines, the held payment's 120 and the duplicate's 3,720, less the 60 it gave back on the refund; the held
        // payment's fee is booked the day it settles
        long heldFee = (20_000L * 60 + 5_000) / 10_000;
        long statementFee = Db.count("SELECT statement_fee_fen FROM reconciliation_run WHERE channel = 'ALIPAY'"
                + " AND business_date = $1", day);
        assertThat(statementFee).isEqualTo(trafficFee + heldFee + (620_001L * 60 + 5_000) / 10_000
                - (10_000L * 60 + 5_000) / 10_000);
        assertThat(ledgerMovement("channel_fee:ALIPAY", prefix)).as("borne by the platform")
                .isEqualTo(statementFee - heldFee);
        assertThat(ledgerMovement("channel_clearing:WECHAT_PAY", prefix)).isEqualTo(-3_720);

        // the payout file: every voucher's header sum equals its lines, and the file pays the net
        String file = Staff.as("auditor").get("/api/v1/settlements/" + day + "/payout-file").then().statusCode(200)
                .extract().asString();
        assertPayoutFile(file, 663_586);
        byte[] csv = Staff.as("auditor").get("/api/v1/settlements/" + day + "/payout-file?format=csv").then()
                .statusCode(200).extract().asByteArray();
        assertThat(new String(csv, StandardCharsets.UTF_8)).startsWith("\uFEFF").contains("1030501");

        // the bank fails the payout, a supervisor re-issues it, the bank pays
        simulatedBank(day, 1, "FAILED");
        assertThat(get(day).getString("status")).isEqualTo("FAILED");
        Staff.sendingJson("supervisor").post("/api/v1/settlements/" + day + "/reissue").then().statusCode(200)
                .body("status", equalTo("CONFIRMED")).body("issueNo", equalTo(2));
        simulatedBank(day, 2, "PAID");
        assertThat(get(day).getString("status")).isEqualTo("PAID");
        // issueNo is not read as an is-getter too
        assertThat(get(day).getMap("$")).containsKey("issueNo").doesNotContainKey("sueNo");
        assertIntegrity(day);
        assertThat(ledgerMovement("settlement_outbound", prefix)).as("out and paid").isZero();
        assertThat(ledgerMovement("bank:PAYOUT", prefix)).isEqualTo(-663_586);
        // a forged confirmation is refused and changes nothing
        given().contentType("application/json").header("X-Payout-Signature", "Zm9yZ2Vk")
                .body("{\"businessDate\":\"" + day + "\",\"issueNo\":2,\"outcome\":\"FAILED\"}")
                .post("/api/v1/settlements/" + day + "/payout-confirmation").then().statusCode(401)
                .body("code", equalTo("PAYOUT_SIGNATURE_INVALID"));
        // a JSON null, signed with the bank's key, is a bad request, not a server error
        given().contentType("application/json").header("X-Payout-Signature", PayoutBank.sign("null")).body("null")
                .post("/api/v1/settlements/" + day + "/payout-confirmation").then().statusCode(400)
                .body("code", equalTo("BODY_INVALID"));
        assertThat(get(day).getString("status")).isEqualTo("PAID");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_type = 'SETTLEMENT_BATCH'"
                + " AND subject_id = $1", batchId(day)))
                .isEqualTo(5);

        // next day: the discrepancy is resolved, and the held payment settles in that day's batch
        onDay(402);
        LocalDate next = clock.today();
        long runId = Db.one("SELECT id FROM reconciliation_run WHERE channel = 'ALIPAY' AND business_date = $1", day)
                .getLong(0);
        long discrepancyId = Db.one("SELECT id FROM discrepancy WHERE run_id = $1 AND payment_id = $2", runId,
                heldPayment).getLong(0);
        Staff.sendingJson("supervisor").body("{\"action\":\"TRUST_PLATFORM\",\"reason\":\"bank slip shows 200.00\"}")
                .post("/api/v1/reconciliations/" + runId + "/discrepancies/" + discrepancyId + "/resolve")
                .then().statusCode(200);
        JsonPath nextBatch = build("supervisor", next).then().statusCode(201).extract().jsonPath();
        assertThat(nextBatch.getLong("carriedInFen")).isEqualTo(20_000);
        assertThat(nextBatch.getLong("heldFen")).isZero();
        assertThat(line(nextBatch, "HZ-TRAFFIC", "FINE-TRAFFIC")).containsEntry("grossFen", 20_000)
                .containsEntry("netFen", 20_000);
        assertIntegrity(next);
        // the preparer cannot confirm their own batch
        Staff.sendingJson("supervisor").post("/api/v1/settlements/" + next + "/confirm").then().statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        assertThat(get(next).getString("status")).isEqualTo("DRAFT");
        assertIntegrity(next);
        Db.execute("UPDATE charge_item SET fee_deducted = false WHERE code = 'REALESTATE-REG'");
    }

    private static String batchId(LocalDate date) {
        return Long.toString(Db.one("SELECT id FROM settlement_batch WHERE business_date = $1", date).getLong(0));
    }

    static void assertPayoutFile(String file, long expectedTotal) {
        Map<String, Long> headerSums = new HashMap<>();
        Map<String, Long> lineSums = new HashMap<>();
        List<String> trailer = new ArrayList<>();
        for (String row : file.split("\n")) {
            String[] f = row.split("\\|", -1);
            switch (f[0]) {
                case "H" -> {
                    assertThat(f[1].getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(20);
                    assertThat(Long.parseLong(f[7])).isPositive();
                    headerSums.put(f[1], Long.parseLong(f[7]));
                }
                case "D" -> lineSums.merge(f[1], Long.parseLong(f[5]), Long::sum);
                case "T" -> trailer.add(row);
                default -> throw new AssertionError("unexpected row " + row);
            }
        }
        assertThat(headerSums).isNotEmpty().isEqualTo(lineSums);
        assertThat(trailer).hasSize(1);
        String[] t = trailer.get(0).split("\\|");
        assertThat(Integer.parseInt(t[3])).isEqualTo(headerSums.size());
        assertThat(Long.parseLong(t[4])).isEqualTo(expectedTotal)
                .isEqualTo(headerSums.values().stream().mapToLong(Long::longValue).sum());
    }
}
