package io.govclear.counter;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.bank.Bank;
import io.govclear.order.PaymentCodes;
import io.govclear.support.BankApi;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bank counters end to end: the simulated teller over signed HTTP, and direct signed calls as a bank. */
@QuarkusTest
class BankCounterTest {

    @Inject
    TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    /** The simulated teller: queries the bill, takes the money and confirms, with the body's options. */
    private static JsonPath teller(Bank bank, String body) {
        return given().contentType("application/json").body(body)
                .post(sim("/sim/bank/" + bank.code() + "/counter-payments"))
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath pay(Bank bank, String paymentCode) {
        return teller(bank, "{\"paymentCode\":\"" + paymentCode + "\"}");
    }

    /** Accounts whose postings for this bill do not net to zero. */
    private static long unbalancedAccounts(String paymentCode) {
        return Db.count("""
                SELECT count(*) FROM (SELECT l.account FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                                      WHERE e.reference = $1 GROUP BY l.account
                                      HAVING sum(l.debit_fen) <> sum(l.credit_fen)) x""", paymentCode);
    }

    @ParameterizedTest
    @EnumSource(Bank.class)
    void queryThenConfirmPaysTheBillWithOnePosting(Bank bank) {
        String code = Bills.issueFine(20000);
        JsonPath outcome = pay(bank, code);
        assertThat(outcome.getString("query.code")).isEqualTo("0000");
        assertThat(outcome.getInt("query.status")).isZero();
        assertThat(outcome.getLong("query.amountDueFen")).isEqualTo(20000);
        assertThat(outcome.getString("query.payerName")).isEqualTo("张*");
        assertThat(outcome.getString("query.payee.accountNo")).isEqualTo("1202020109900012345");
        assertThat(outcome.getString("confirm.code")).isEqualTo("0000");
        String confirmationNo = outcome.getString("confirm.confirmationNo");
        assertThat(confirmationNo).startsWith("GC");
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT sum(l.debit_fen) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id"
                + " WHERE e.reference = $1 AND l.account = $2", code, "channel_clearing:" + bank.channel()))
                .isEqualTo(20000);
        given().get("/api/v1/payments/" + confirmationNo).then().statusCode(200)
                .body("status", equalTo("SUCCEEDED")).body("channel", equalTo(bank.channel().name()));
        BankApi.as(bank).query(code).then().body("code", equalTo("1001")).body("status", equalTo(1))
                .body("amountDueFen", equalTo(0));
    }

    @Test
    void aMalformedBankMessageIsAProblemNotABusinessAnswer() {
        String code = Bills.issueFine(4200);
        // a number where the protocol has a string, an epoch number where it has an ISO-8601 time
        BankApi.as(Bank.ICBC).post("query", "{\"paymentCode\":" + code + "}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("paymentCode"));
        BankApi.as(Bank.ICBC).post("confirm", "{\"paymentCode\":\"" + code + "\",\"amountFen\":4200,"
                        + "\"bankSerialNo\":\"" + BankApi.serialNo() + "\",\"paidAt\":1764556530000}").then()
                .statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("paidAt"));
        // longer than any payment code: a malformed message, not "check failed" echoing the whole string back
        BankApi.as(Bank.ICBC).post("query", "{\"paymentCode\":\"" + code + "1".repeat(100) + "\"}").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("paymentCode"));
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void theSameConfirmTwiceIsOnePostingWithTheSameConfirmationNumber() {
        String code = Bills.issueFine(3000);
        JsonPath outcome = teller(Bank.ICBC, "{\"paymentCode\":\"" + code + "\",\"repeatConfirm\":true}");
        assertThat(outcome.getString("repeatConfirm.code")).isEqualTo("0000");
        assertThat(outcome.getString("repeatConfirm.confirmationNo"))
                .isEqualTo(outcome.getString("confirm.confirmationNo"));
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id"
                + " WHERE o.payment_code = $1", code)).isEqualTo(1);
    }

    @Test
    void theSameSerialWithAnotherAmountIsADuplicateConfirmationAndChangesNothing() {
        String code = Bills.issueFine(4000);
        String serial = pay(Bank.ABC, code).getString("bankSerialNo");
        Db.assertNothingButNoncesChangedBy(() -> BankApi.as(Bank.ABC).confirm(code, 4100, serial).then().statusCode(200)
                .body("code", equalTo("1008")).body("answer", equalTo("DUPLICATE_CONFIRMATION")));
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Bank.class)
    void aSameDayReversalMakesTheBillUnpaidAndReversesTheLedger(Bank bank) {
        String code = Bills.issueFine(5000);
        JsonPath outcome = teller(bank, "{\"paymentCode\":\"" + code + "\",\"reverse\":true}");
        assertThat(outcome.getString("reverse.code")).isEqualTo("0000");
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(2);
        assertThat(unbalancedAccounts(code)).isZero();
        String confirmationNo = outcome.getString("confirmationNo");
        given().get("/api/v1/payments/" + confirmationNo).then().body("status", equalTo("REVERSED"));
        assertThat(Db.count("SELECT count(*) FROM order_status_change c JOIN payment_order o ON o.id = c.order_id"
                + " WHERE o.payment_code = $1 AND c.from_status = 'PAID' AND c.to_status = 'UNPAID'", code))
                .isEqualTo(1);

        given().post(sim("/sim/bank/" + bank.code() + "/counter-payments/" + outcome.getString("bankSerialNo")
                + "/reverse")).then().statusCode(200).body("code", equalTo("0000"));
        assertThat(Ledger.entriesFor(code)).as("reversing twice changes nothing").isEqualTo(2);

        assertThat(pay(bank, code).getString("confirm.code")).as("the bill can be paid again").isEqualTo("0000");
        assertThat(Bills.status(code)).isEqualTo("PAID");
    }

    @Test
    void aReversalTheNextDayIsRefused() {
        String code = Bills.issueFine(6000);
        String serial = pay(Bank.ICBC, code).getString("bankSerialNo");
        clock.advance(Duration.ofDays(1));
        given().post(sim("/sim/bank/icbc/counter-payments/" + serial + "/reverse")).then().statusCode(200)
                .body("code", equalTo("1012")).body("answer", equalTo("REVERSAL_TOO_LATE"));
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @Test
    void aReversalAfterReconciliationIsRefused() {
        String code = Bills.issueFine(6100);
        String serial = pay(Bank.ABC, code).getString("bankSerialNo");
        Db.execute("UPDATE bank_confirmation SET reconciled_at = now() WHERE bank = 'ABC' AND bank_serial_no = $1",
                serial);
        BankApi.as(Bank.ABC).reverse(code, serial).then().statusCode(200)
                .body("code", equalTo("1010")).body("message", equalTo("already reconciled — cannot reverse"));
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Ledger.entriesFor(code)).isEqualTo(1);
    }

    @Test
    void aWrongAmountIsRefusedAndChangesNothing() {
        String code = Bills.issueFine(7000);
        BankApi bank = BankApi.as(Bank.ICBC);
        bank.query(code).then().statusCode(200).body("amountDueFen", equalTo(7000));
        Db.assertNothingButNoncesChangedBy(() -> bank.confirm(code, 6999, BankApi.serialNo()).then().statusCode(200)
                .body("code", equalTo("1007")).body("answer", equalTo("AMOUNT_MISMATCH"))
                .body("confirmationNo", equalTo(null)));
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void anExpiredBillIsRefused() {
        String code = Bills.issue(Bills.TRAFFIC, "[{\"itemCode\":\"FINE-TRAFFIC\",\"amountFen\":8000}]",
                clock.today(), clock.today());
        clock.advance(Duration.ofDays(1));
        JsonPath outcome = pay(Bank.ICBC, code);
        assertThat(outcome.getString("query.answer")).isEqualTo("EXPIRED");
        assertThat(outcome.getString("confirm")).as("the teller takes no money").isNull();
        BankApi.as(Bank.ICBC).confirm(code, 8000, BankApi.serialNo()).then().body("answer", equalTo("EXPIRED"));
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        assertThat(Ledger.entriesFor(code)).isZero();
    }

    @Test
    void anOverdueFineOwesTheLateFeeOfTheDay() {
        String code = Bills.issueFine(10000, clock.today().minusDays(2));
        JsonPath outcome = pay(Bank.ABC, code);
        assertThat(outcome.getLong("query.lateFeeFen")).isEqualTo(600);
        assertThat(outcome.getLong("query.amountDueFen")).isEqualTo(10600);
        assertThat(outcome.getLong("query.overdueDays")).isEqualTo(2);
        assertThat(outcome.getString("confirm.code")).isEqualTo("0000");
        given().get("/api/v1/payments/" + outcome.getString("confirmationNo")).then()
                .body("amountFen", equalTo(10600)).body("lateFeeFen", equalTo(600));
        assertThat(Db.count("SELECT sum(l.credit_fen) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id"
                + " WHERE e.reference = $1", code)).isEqualTo(10600);
    }

    @Test
    void aBadSignatureIsA401AndChangesNothing() {
        String code = Bills.issueFine(9000);
        BankApi bank = BankApi.as(Bank.ICBC);
        bank.query(code).then().statusCode(200);
        String body = "{\"paymentCode\":\"" + code + "\",\"amountFen\":9000,\"bankSerialNo\":\"" + BankApi.serialNo()
                + "\",\"paidAt\":\"2026-11-23T10:15:30+08:00\"}";
        long at = UnitApi.now();
        String signedNonce = UnitApi.nonce();
        // a query that is answered: its nonce is used up (the query itself is recorded too)
        String nonce = UnitApi.nonce();
        long now = UnitApi.now();
        bank.send("query", "{\"paymentCode\":\"" + code + "\"}", now, nonce, null).then().statusCode(200);
        Db.assertNothingChangedBy(() -> {
            String signatureOfAnotherBody = bank.sign("confirm", body.replace("9000", "1"), at, signedNonce);
            bank.send("confirm", body, at, signedNonce, signatureOfAnotherBody)
                    .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
            bank.send("confirm", body, UnitApi.now(), UnitApi.nonce(), "not-a-signature")
                    .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
            bank.send("confirm", body, UnitApi.now() - 3600, UnitApi.nonce(), null)
                    .then().statusCode(401).body("code", equalTo("STALE_TIMESTAMP"));
            bank.send("query", "{\"paymentCode\":\"" + code + "\"}", now, nonce, null)
                    .then().statusCode(401).body("code", equalTo("REPLAYED_NONCE"));
            String icbcSignature = bank.sign("confirm", body, at, signedNonce);
            BankApi.as(Bank.ABC).send("confirm", body, at, signedNonce, icbcSignature)
                    .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
        });
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
        given().contentType("application/json").body("{}").post("/bank/v1/ccb/query").then().statusCode(404);
    }

    @Test
    void aConfirmWithoutAPriorQueryIsRefused() {
        String code = Bills.issueFine(9100);
        String withoutQuery = "{\"paymentCode\":\"" + code + "\",\"skipQuery\":true,\"amountFen\":9100}";
        JsonPath outcome = teller(Bank.ICBC, withoutQuery);
        assertThat(outcome.getString("confirm.code")).isEqualTo("1009");
        assertThat(outcome.getString("confirm.answer")).isEqualTo("NO_PRIOR_QUERY");
        BankApi.as(Bank.ABC).query(code).then().statusCode(200);
        assertThat(teller(Bank.ICBC, withoutQuery).getString("confirm.answer"))
                .as("another bank's query does not count").isEqualTo("NO_PRIOR_QUERY");
        assertThat(Bills.status(code)).isEqualTo("UNPAID");
    }

    @Test
    void unknownVoidedAndForeignCodesGetTheirAnswers() {
        String code = Bills.issueFine(9200);
        BankApi icbc = BankApi.as(Bank.ICBC);
        String badCheckDigit = code.substring(0, 19) + (char) ('0' + (code.charAt(19) - '0' + 1) % 10);
        icbc.query(badCheckDigit).then().body("answer", equalTo("CHECK_FAILED"));
        icbc.confirm(badCheckDigit, 9200, BankApi.serialNo()).then().body("answer", equalTo("CHECK_FAILED"));
        String unknownPayload = "3301002600000000001";
        String unknown = unknownPayload + PaymentCodes.luhnDigit(unknownPayload);
        icbc.query(unknown).then().body("answer", equalTo("NO_SUCH_CODE"));
        Bills.cancel(Bills.TRAFFIC, code);
        icbc.query(code).then().body("answer", equalTo("VOIDED")).body("status", equalTo(2));
        icbc.confirm(code, 9200, BankApi.serialNo()).then().body("answer", equalTo("VOIDED"));

        String estate = Bills.issue("HZ-REALESTATE", "[{\"itemCode\":\"REALESTATE-REG\"}]",
                clock.today().plusDays(5), null);
        BankApi.as(Bank.ABC).query(estate).then().body("answer", equalTo("BANK_NOT_ALLOWED"))
                .body("amountDueFen", equalTo(null));
        BankApi.as(Bank.ABC).confirm(estate, 8000, BankApi.serialNo()).then()
                .body("answer", equalTo("BANK_NOT_ALLOWED"));
        assertThat(pay(Bank.ICBC, estate).getString("confirm.code")).isEqualTo("0000");
    }

    @Test
    void aBillPaidOnlineWhileTheTellerTookTheCashIsPaidOnceAndTheBankMoneyIsADuplicate() {
        String code = Bills.issueFine(9300);
        BankApi icbc = BankApi.as(Bank.ICBC);
        icbc.query(code).then().body("amountDueFen", equalTo(9300));
        String paymentId = Payments.payBill(code, "ALIPAY");
        assertThat(Bills.status(code)).isEqualTo("PAID");

        String serial = BankApi.serialNo();
        String confirmationNo = icbc.confirm(code, 9300, serial).then().statusCode(200)
                .body("answer", equalTo("ALREADY_PAID")).body("duplicate", equalTo(true))
                .extract().path("confirmationNo");
        assertThat(confirmationNo).isNotNull();
        given().get("/api/v1/payments/" + confirmationNo).then().body("duplicate", equalTo(true));
        given().get("/api/v1/payments/" + paymentId).then().body("status", equalTo("SUCCEEDED"));
        assertThat(Db.count("SELECT count(*) FROM duplicate_payment d JOIN payment_attempt a ON a.id = d.attempt_id"
                + " WHERE a.payment_id = $1 AND d.status = 'QUEUED_FOR_REFUND'", confirmationNo)).isEqualTo(1);
        assertThat(Db.count("SELECT sum(l.credit_fen) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id"
                + " WHERE e.reference = $1 AND l.account = 'payer_refundable'", code)).isEqualTo(9300);
        assertThat(Ledger.entriesFor(code)).isEqualTo(2);
        assertThat(Db.count("SELECT count(*) FROM payment_order WHERE payment_code = $1 AND paid_attempt_id ="
                + " (SELECT id FROM payment_attempt WHERE payment_id = $2)", code, paymentId)).isEqualTo(1);

        icbc.confirm(code, 9400, BankApi.serialNo()).then().body("answer", equalTo("AMOUNT_MISMATCH"));
        icbc.query(code).then().body("status", equalTo(1));
        icbc.confirm(code, 9300, BankApi.serialNo()).then().body("answer", equalTo("ALREADY_PAID"))
                .body("confirmationNo", equalTo(null));

        icbc.reverse(code, serial).then().body("code", equalTo("0000"));
        assertThat(Bills.status(code)).as("the online payment still pays the bill").isEqualTo("PAID");
        assertThat(Db.count("SELECT count(*) FROM duplicate_payment d JOIN payment_attempt a ON a.id = d.attempt_id"
                + " WHERE a.payment_id = $1 AND d.status = 'REVERSED'", confirmationNo)).isEqualTo(1);
        assertThat(Db.count("SELECT coalesce(sum(l.credit_fen) - sum(l.debit_fen), 0) FROM journal_line l"
                + " JOIN journal_entry e ON e.id = l.entry_id WHERE e.reference = $1"
                + " AND l.account = 'payer_refundable'", code)).isZero();
    }

    @Test
    void concurrentConfirmsForOneBillPayItOnce() throws Exception {
        String code = Bills.issueFine(9400);
        BankApi icbc = BankApi.as(Bank.ICBC);
        icbc.query(code).then().statusCode(200);
        String sharedSerial = BankApi.serialNo();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<JsonPath>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String serial = i < 4 ? sharedSerial : BankApi.serialNo();
                answers.add(pool.submit(() -> {
                    start.await();
                    return icbc.confirm(code, 9400, serial).then().statusCode(200).extract().jsonPath();
                }));
            }
            start.countDown();
            List<String> paid = new ArrayList<>();
            List<String> shared = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                JsonPath answer = answers.get(i).get();
                assertThat(answer.getString("confirmationNo")).isNotNull();
                if ("0000".equals(answer.getString("code"))) {
                    paid.add(answer.getString("confirmationNo"));
                }
                if (i < 4) {
                    shared.add(answer.getString("confirmationNo"));
                }
            }
            assertThat(shared).as("one serial, one confirmation").containsOnly(shared.get(0));
            assertThat(paid).as("exactly one confirmation paid the bill").containsOnly(paid.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(Db.count("SELECT count(*) FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id"
                + " WHERE o.payment_code = $1 AND NOT a.duplicate", code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id"
                + " WHERE o.payment_code = $1 AND a.duplicate", code)).isEqualTo(4);
        assertThat(Ledger.entriesFor(code)).isEqualTo(5);
    }

    @Test
    void oneSerialSentForTwoBillsAtOnceConfirmsOneAndRefusesTheOther() throws Exception {
        String first = Bills.issueFine(9500);
        String second = Bills.issueFine(9500);
        BankApi abc = BankApi.as(Bank.ABC);
        abc.query(first).then().statusCode(200);
        abc.query(second).then().statusCode(200);
        String serial = BankApi.serialNo();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (String code : List.of(first, second)) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return abc.confirm(code, 9500, serial).then().statusCode(200).extract().<String>path("answer");
                }));
            }
            start.countDown();
            assertThat(List.of(answers.get(0).get(), answers.get(1).get()))
                    .containsExactlyInAnyOrder("OK", "DUPLICATE_CONFIRMATION");
        } finally {
            pool.shutdownNow();
        }
        assertThat(List.of(Bills.status(first), Bills.status(second))).containsExactlyInAnyOrder("PAID", "UNPAID");
        assertThat(Ledger.entriesFor(first) + Ledger.entriesFor(second)).isEqualTo(1);
    }
}
