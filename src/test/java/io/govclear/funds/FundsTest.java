package io.govclear.funds;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.AgentBank;
import io.govclear.support.Bills;
import io.govclear.support.Browser;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.PayoutBank;
import io.govclear.support.Payments;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Funds reconciliation: a day paid on four channels, the agent bank's statements of that day and the next two loaded
 * (camt.053 and CSV, written as the bank writes them), each channel's settlement against its credit (same day, T+1, a
 * day late, short), an unknown credit in suspense, a reload by a supervisor, and the ledger's collection account
 * equal to the bank's balance (the days are in order: each statement opens where the previous closed). Then a normal
 * day funded, settled and paid out passes the three-way check; on it, credits nobody explains are claimed to the bill
 * they pay or sent back (proposed by one person, approved by a supervisor who is not the proposer), and the
 * treasury's receipts of its vouchers come in, one of them overdue.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FundsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    @Test
    @Order(1)
    void aDayIsMatchedAgainstTheBankAsItsCreditsArrive() {
        clock.reset();
        clock.advance(Duration.ofDays(460));
        LocalDate day = clock.today();
        String date = day.toString().replace("-", "");
        Payments.payBill(Bills.issueFine(10_001), "ALIPAY");
        Payments.payBill(Bills.issueFine(20_000), "ALIPAY");
        Payments.payBill(Bills.issue("ZJU", "[{\"itemCode\":\"TUITION-UG\",\"amountFen\":500001}]"), "WECHAT_PAY");
        Payments.payBill(Bills.issue("ZJ-EXAM", "[{\"itemCode\":\"EXAM-ACCOUNTING\",\"amountFen\":5600}]"),
                "UNIONPAY");
        Payments.payBill(Bills.issueFine(8_000), "BANK_ICBC");
        for (String channel : new String[] { "ALIPAY", "WECHAT_PAY", "UNIONPAY", "BANK_ICBC" }) {
            reconcile(channel, day);
        }
        // what each channel's own statement says it owes (net of its fees for Alipay and WeChat Pay)
        long alipay = owed("ALIPAY", day, true);
        long wechat = owed("WECHAT_PAY", day, true);
        long unionpay = owed("UNIONPAY", day, false);
        long icbc = owed("BANK_ICBC", day, false);
        assertThat(alipay).isBetween(29_000L, 30_000L);
        assertThat(icbc).isEqualTo(8_000);
        long opening = Db.count("SELECT coalesce((SELECT closing_fen FROM bank_statement WHERE booking_date < $1"
                + " ORDER BY booking_date DESC LIMIT 1), 0)", day);

        // the statement of the day itself: the counter's money is in, the others are on their way
        List<AgentBank.Entry> first = List.of(AgentBank.Entry.credit(icbc, "STL-BANK_ICBC-" + date, "B" + date + "1"));
        load(AgentBank.camt053(day, opening, first), "day.xml", null, "clerk").then().statusCode(201)
                .body("generation", equalTo(1)).body("kinds.CHANNEL_SETTLEMENT", equalTo(1));
        JsonPath onDay = view(day);
        assertThat(status(onDay, "BANK_ICBC")).isEqualTo("MATCHED");
        assertThat(status(onDay, "ALIPAY")).isEqualTo("IN_TRANSIT");
        assertThat(status(onDay, "UNIONPAY")).isEqualTo("IN_TRANSIT");

        // the next day: Alipay matched, UnionPay 1.00 yuan short, WeChat Pay late (missing), and a payer's transfer
        LocalDate next = day.plusDays(1);
        List<AgentBank.Entry> second = List.of(
                AgentBank.Entry.credit(alipay, "STL-ALIPAY-" + date, "B" + date + "2"),
                AgentBank.Entry.credit(unionpay - 100, "STL-UNIONPAY-" + date, "B" + date + "3"),
                new AgentBank.Entry(true, 12_345, "交通罚款", "B" + date + "4", "张三", "6222020200112233445", "罚款",
                        null));
        long afterFirst = AgentBank.closing(opening, first);
        load(AgentBank.csv(next, afterFirst, second), "next.csv", null, "clerk").then().statusCode(201)
                .body("kinds.UNKNOWN_CREDIT", equalTo(1));
        JsonPath onNext = view(day);
        assertThat(status(onNext, "ALIPAY")).isEqualTo("MATCHED");
        assertThat(status(onNext, "WECHAT_PAY")).isEqualTo("MISSING");
        assertThat(status(onNext, "UNIONPAY")).isEqualTo("AMOUNT_DIFFERS");
        assertThat(((Number) channel(onNext, "UNIONPAY").get("creditedFen")).longValue()).isEqualTo(unionpay - 100);
        JsonPath nextView = view(next);
        assertThat(nextView.getList("unexplained.amountFen")).containsExactly(12_345);
        assertThat(nextView.getString("unexplained[0].counterpartyName")).isEqualTo("张*");
        assertThat(nextView.getString("unexplained[0].counterpartyAccount")).isEqualTo("***************3445");
        assertThat(Db.count("SELECT count(*) FROM bank_entry WHERE counterparty_masked LIKE '%3445'"
                + " AND counterparty_enc IS NOT NULL AND counterparty_name = '张*'")).isEqualTo(1);

        // the day after: the late credit arrives
        long afterSecond = AgentBank.closing(afterFirst, second);
        List<AgentBank.Entry> third = List.of(AgentBank.Entry.credit(wechat, "STL-WECHAT_PAY-" + date, "B" + date + "5"));
        load(AgentBank.camt053(day.plusDays(2), afterSecond, third), "after.xml", null, "clerk").then()
                .statusCode(201);
        assertThat(status(view(day), "WECHAT_PAY")).isEqualTo("MATCHED");
        assertThat(collectionBalance()).isEqualTo(AgentBank.closing(afterSecond, third));
        assertThat(account("funds_suspense")).isEqualTo(-12_345);

        // settled: each channel's clearing of the day nets to zero (fees kept back by the net channels, billed apart
        // by the gross ones), but for UnionPay's missing 1.00 yuan
        Staff.sendingJson("clerk").body("{\"businessDate\":\"" + day + "\"}").post("/api/v1/settlements").then()
                .statusCode(201);
        Staff.sendingJson("supervisor").post("/api/v1/settlements/" + day + "/confirm").then().statusCode(200);
        assertThat(clearing("ALIPAY", day)).isZero();
        assertThat(clearing("WECHAT_PAY", day)).isZero();
        assertThat(clearing("BANK_ICBC", day)).isZero();
        assertThat(clearing("UNIONPAY", day)).isEqualTo(100);
        JsonPath shortDay = integrity(day);
        assertThat(shortDay.getBoolean("ok")).isFalse();
        assertThat(shortDay.getList("failed", String.class)).anyMatch(f -> f.startsWith("UNIONPAY: bank credited"))
                .noneMatch(f -> f.startsWith("ALIPAY") || f.startsWith("WECHAT_PAY") || f.startsWith("BANK_ICBC"));

        // the payout vouchers, debited by the bank, and one sent back (退汇)
        JsonPath settled = view(day);
        List<String> vouchers = settled.getList("payouts.voucherNo");
        List<Integer> sums = settled.getList("payouts.sumFen");
        assertThat(vouchers).isNotEmpty();
        assertThat(settled.getList("payouts.status")).containsOnly("NOT_DEBITED");
        List<AgentBank.Entry> debits = new java.util.ArrayList<>();
        for (int i = 0; i < vouchers.size(); i++) {
            debits.add(new AgentBank.Entry(false, sums.get(i), vouchers.get(i), "B" + date + "D" + i, "国库",
                    "100000", "缴库", null));
        }
        long afterThird = AgentBank.closing(afterSecond, third);
        load(AgentBank.camt053(day.plusDays(3), afterThird, debits), "debits.xml", null, "clerk").then()
                .statusCode(201).body("kinds.PAYOUT", equalTo(vouchers.size()));
        assertThat(view(day).getList("payouts.status")).containsOnly("DEBITED");
        long afterDebits = AgentBank.closing(afterThird, debits);
        List<AgentBank.Entry> returned = List.of(new AgentBank.Entry(true, sums.get(0), vouchers.get(0),
                "B" + date + "R", "国库", "100000", "退汇", "AC04"));
        load(AgentBank.csv(day.plusDays(4), afterDebits, returned), "return.csv", null, "clerk").then().statusCode(201);
        JsonPath back = view(day);
        assertThat(back.getString("payouts[0].status")).isEqualTo("RETURNED");
        assertThat(back.getString("payouts[0].returnReason")).isEqualTo("AC04");
        assertThat(account("settlement_returned")).isEqualTo(-sums.get(0));
        assertThat(collectionBalance()).isEqualTo(AgentBank.closing(afterDebits, returned));

        // once per date; a supervisor reloads with a reason (the bank resent it without the transfer)
        load(AgentBank.csv(next, afterFirst, second), "next.csv", null, "clerk").then().statusCode(409)
                .body("code", equalTo("FUNDS_STATEMENT_LOADED"));
        load(AgentBank.csv(next, afterFirst, second), "next.csv", "银行重发对账单", "clerk").then().statusCode(403);
        // a reload must still close where the next day's statement opens, and must open at the previous close
        load(AgentBank.csv(next, afterFirst, second.subList(0, 2)), "next.csv", "银行重发对账单", "supervisor").then()
                .statusCode(400).body("code", equalTo("FUNDS_STATEMENT_INVALID"));
        load(AgentBank.camt053(next, afterFirst + 1, second), "next.xml", "银行重发对账单", "supervisor").then()
                .statusCode(400).body("code", equalTo("FUNDS_STATEMENT_INVALID"));
        load(AgentBank.camt053(next, afterFirst, second), "next.xml", "银行重发对账单", "supervisor").then()
                .statusCode(201).body("generation", equalTo(2));
        assertThat(collectionBalance()).isEqualTo(AgentBank.closing(afterDebits, returned));
        assertThat(account("funds_suspense")).isEqualTo(-12_345);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'FUNDS_STATEMENT_RELOADED'"
                + " AND subject_id LIKE $1", "%/" + next)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aFundedSettledDayPassesTheThreeWayCheck() {
        clock.reset();
        clock.advance(Duration.ofDays(470));
        LocalDate day = clock.today();
        String date = day.toString().replace("-", "");
        String refunded = Bills.issueFine(30_000);
        Payments.payBill(refunded, "ALIPAY");
        // Alipay gives back its fee on a refund (60 fen of 10,001): the settlement books the fee it really kept
        UnitApi.as("HZ-TRAFFIC").post("/api/v1/orders/" + refunded + "/refunds", "{\"refundRequestNo\":\"R-"
                        + java.util.UUID.randomUUID() + "\",\"amountFen\":10001,\"reason\":\"处罚决定变更\"}")
                .then().statusCode(201).body("status", equalTo("SUCCEEDED"));
        Payments.payBill(Bills.issue("ZJU", "[{\"itemCode\":\"TUITION-UG\",\"amountFen\":400000}]"), "WECHAT_PAY");
        Payments.payBill(Bills.issue("ZJ-EXAM", "[{\"itemCode\":\"EXAM-ACCOUNTING\",\"amountFen\":5600}]"),
                "UNIONPAY");
        Payments.payBill(Bills.issueFine(9_000), "BANK_ICBC");
        for (String channel : new String[] { "ALIPAY", "WECHAT_PAY", "UNIONPAY", "BANK_ICBC" }) {
            reconcile(channel, day);
        }
        long suspense = account("funds_suspense");
        String unpaid = Bills.issueFine(7_700);
        String other = Bills.issueFine(7_800);
        long opening = Db.count("SELECT coalesce((SELECT closing_fen FROM bank_statement WHERE booking_date < $1"
                + " ORDER BY booking_date DESC LIMIT 1), 0)", day);

        // the day's statement: the counter's money, and three transfers nobody explains
        String claimed = "U" + date + "1";
        String sentBack = "U" + date + "2";
        String ownOnly = "U" + date + "3";
        List<AgentBank.Entry> first = List.of(
                AgentBank.Entry.credit(owed("BANK_ICBC", day, false), "STL-BANK_ICBC-" + date, "B" + date + "1"),
                transfer(7_700, claimed, "李四", "交通罚款 " + unpaid),
                transfer(333, sentBack, "王五", "误转"),
                transfer(500, ownOnly, "赵六", "不明"));
        load(AgentBank.camt053(day, opening, first), "day.xml", null, "clerk").then().statusCode(201)
                .body("kinds.UNKNOWN_CREDIT", equalTo(3));
        assertThat(view(day).getList("unexplained.bankReference")).containsExactly(claimed, sentBack, ownOnly);

        // claims are checked: the bill must exist, be unpaid and owe exactly the credit
        propose(claimed, "claim", "{\"paymentCode\":\"" + other + "\",\"reason\":\"付款人来电\"}", "clerk")
                .then().statusCode(422).body("code", equalTo("FUNDS_CLAIM_AMOUNT"));
        propose("NOSUCHREF", "claim", "{\"paymentCode\":\"" + unpaid + "\",\"reason\":\"x\"}", "clerk")
                .then().statusCode(404).body("code", equalTo("FUNDS_ENTRY_NOT_FOUND"));
        propose(claimed, "claim", "{\"paymentCode\":\"" + unpaid + "\"}", "clerk").then().statusCode(400);
        propose(claimed, "claim", "{\"paymentCode\":\"" + unpaid + "\",\"reason\":\"x\"}", "auditor").then()
                .statusCode(403);
        long claim = propose(claimed, "claim", "{\"paymentCode\":\"" + unpaid + "\",\"reason\":\"付款人来电，附转账凭证\"}",
                "clerk").then().statusCode(201).body("status", equalTo("PENDING")).extract().jsonPath().getLong("id");
        propose(claimed, "return", "{\"reason\":\"再提一次\"}", "clerk").then().statusCode(409)
                .body("code", equalTo("FUNDS_ENTRY_DECIDED"));
        assertThat(bill(unpaid)).isEqualTo("UNPAID");
        decide(claim, "approve", "supervisor", null).then().statusCode(400);
        decide(claim, "approve", "clerk", "核对无误").then().statusCode(403);
        decide(claim, "approve", "supervisor", "核对转账凭证无误").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("decidedBy", equalTo("supervisor"));
        decide(claim, "approve", "supervisor", "again").then().statusCode(409)
                .body("code", equalTo("FUNDS_DECISION_NOT_PENDING"));
        assertThat(bill(unpaid)).isEqualTo("PAID");
        assertThat(view(day).getMap("unexplained.find { it.bankReference == '" + claimed + "' }.decision"))
                .containsEntry("kind", "CLAIM").containsEntry("status", "APPROVED").containsEntry("paymentCode", unpaid);
        assertThat(Db.count("SELECT count(*) FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id"
                + " WHERE o.payment_code = $1 AND a.channel = 'TRANSFER' AND a.status = 'SUCCEEDED'", unpaid))
                .isEqualTo(1);

        // a return, and a supervisor's own proposal that only another supervisor may decide
        long back = propose(sentBack, "return", "{\"reason\":\"付款人误转，申请退回\"}", "clerk").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        decide(back, "approve", "supervisor", "同意退回").then().statusCode(200);
        assertThat(account("funds_returning")).isEqualTo(-333);
        long own = propose(ownOnly, "return", "{\"reason\":\"退回\"}", "supervisor").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        decide(own, "reject", "supervisor", "自己的").then().statusCode(403).body("code", equalTo("OWN_PROPOSAL"));
        assertThat(account("funds_suspense")).isEqualTo(suspense - 500);
        assertThat(Staff.as("auditor").get("/api/v1/funds/decisions?status=PENDING").then().statusCode(200)
                .extract().jsonPath().getList("id", Long.class)).contains(own).doesNotContain(claim, back);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_type = 'FUNDS_DECISION'"
                + " AND subject_id IN ($1, $2)", Long.toString(claim), Long.toString(back))).isEqualTo(4);
        // a statement with a decided credit is not reloaded
        load(AgentBank.camt053(day, opening, first), "day.xml", "银行重发", "supervisor").then().statusCode(409)
                .body("code", equalTo("FUNDS_ENTRY_DECIDED"));

        // the next day: the T+1 channels pay exactly, and the bank sends the returned transfer back
        long netFees = owed("ALIPAY", day, false) - owed("ALIPAY", day, true) + owed("WECHAT_PAY", day, false)
                - owed("WECHAT_PAY", day, true);
        long feeBudget = account("fee_budget");
        long afterFirst = AgentBank.closing(opening, first);
        List<AgentBank.Entry> second = List.of(
                AgentBank.Entry.credit(owed("ALIPAY", day, true), "STL-ALIPAY-" + date, "B" + date + "2"),
                AgentBank.Entry.credit(owed("WECHAT_PAY", day, true), "STL-WECHAT_PAY-" + date, "B" + date + "3"),
                AgentBank.Entry.credit(owed("UNIONPAY", day, false), "STL-UNIONPAY-" + date, "B" + date + "4"),
                new AgentBank.Entry(false, 333, "RTN-" + sentBack, "B" + date + "5", "王五", "6222020200112233000",
                        "退回误转款", null),
                // the budget makes good the fees the net channels kept back (everything is paid out in full)
                new AgentBank.Entry(true, netFees, "FEE-" + date.substring(0, 6), "B" + date + "6", "财政局",
                        "1202020109900000009", "手续费拨款", null));
        load(AgentBank.csv(day.plusDays(1), afterFirst, second), "next.csv", null, "clerk").then().statusCode(201)
                .body("kinds.CREDIT_RETURN", equalTo(1)).body("kinds.FEE_FUNDING", equalTo(1));
        assertThat(account("fee_budget")).isEqualTo(feeBudget - netFees);
        assertThat(account("funds_returning")).isZero();
        JsonPath before = integrity(day);
        assertThat(before.getBoolean("ok")).as(before.prettify()).isTrue();

        // settled (the claimed bill with the day's payments), paid out, debited: still whole
        Staff.sendingJson("clerk").body("{\"businessDate\":\"" + day + "\"}").post("/api/v1/settlements").then()
                .statusCode(201);
        Staff.sendingJson("supervisor").post("/api/v1/settlements/" + day + "/confirm").then().statusCode(200);
        assertThat(Db.count("SELECT count(*) FROM settlement_entry e JOIN settlement_batch b ON b.id = e.batch_id"
                + " WHERE b.business_date = $1 AND e.channel = 'TRANSFER' AND NOT e.held", day)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM journal_entry WHERE idempotency_key = $1",
                "settle:" + day + ":fee-gap:ALIPAY")).isEqualTo(1);
        String body = "{\"businessDate\":\"" + day + "\",\"issueNo\":1,\"outcome\":\"PAID\",\"bankReference\":\"P"
                + date + "\",\"reason\":null}";
        given().contentType("application/json").header("X-Payout-Signature", PayoutBank.sign(body)).body(body)
                .post("/api/v1/settlements/" + day + "/payout-confirmation").then().statusCode(200);
        JsonPath settled = view(day);
        List<String> vouchers = settled.getList("payouts.voucherNo");
        List<Integer> sums = settled.getList("payouts.sumFen");
        List<AgentBank.Entry> debits = new ArrayList<>();
        for (int i = 0; i < vouchers.size(); i++) {
            debits.add(new AgentBank.Entry(false, sums.get(i), vouchers.get(i), "B" + date + "D" + i, "国库", "100000",
                    "缴库", null));
        }
        long afterSecond = AgentBank.closing(afterFirst, second);
        load(AgentBank.camt053(day.plusDays(2), afterSecond, debits), "debits.xml", null, "clerk").then().statusCode(201);
        JsonPath whole = integrity(day);
        assertThat(whole.getBoolean("ok")).as(whole.prettify()).isTrue();
        assertThat(whole.getList("channels.findAll { it.channel != 'BANK_ABC' }.status")).containsOnly("MATCHED");
        assertThat(whole.getList("channels.clearingOfDayFen", Integer.class)).containsOnly(0);
        assertThat(whole.getLong("settlement.netFen")).isEqualTo(whole.getLong("settlement.vouchersFen"))
                .isEqualTo(whole.getLong("settlement.debitedFen"));
        assertThat(whole.getLong("ledger.collectionAccountFen")).isEqualTo(whole.getLong("ledger.bankClosingFen"))
                .isEqualTo(AgentBank.closing(afterSecond, debits));
        assertThat(clearing("TRANSFER", day)).isZero();

        // the treasury's receipts: each treasury voucher once, checked against the voucher
        List<Map<String, Object>> treasury = Staff.as("auditor")
                .get("/api/v1/funds/treasury-receipts?businessDate=" + day).then().statusCode(200).extract()
                .jsonPath().getList("$");
        assertThat(treasury).isNotEmpty();
        Map<String, Object> v = treasury.get(0);
        String receipt = receipt("HZ" + v.get("voucherNo"), (String) v.get("voucherNo"), day,
                (String) v.get("treasuryCode"), ((Number) v.get("sumFen")).longValue(), day.plusDays(1));
        relay(receipt).then().statusCode(200).body("receiptNo", equalTo("HZ" + v.get("voucherNo")));
        relay(receipt).then().statusCode(200);
        relay(receipt("HZ-OTHER", (String) v.get("voucherNo"), day, (String) v.get("treasuryCode"),
                ((Number) v.get("sumFen")).longValue(), day.plusDays(1))).then().statusCode(409)
                .body("code", equalTo("TREASURY_RECEIPT_CONFLICT"));
        relay(receipt("HZ-1", (String) v.get("voucherNo"), day, (String) v.get("treasuryCode"),
                ((Number) v.get("sumFen")).longValue() + 1, day.plusDays(1))).then().statusCode(422)
                .body("code", equalTo("TREASURY_RECEIPT_MISMATCH"));
        relay(receipt("HZ-2", "GC" + date + "99999", day, "330000", 1, day)).then().statusCode(404)
                .body("code", equalTo("TREASURY_VOUCHER_NOT_FOUND"));
        given().contentType("application/json").header("X-Payout-Signature", "Zm9yZ2Vk").body(receipt)
                .post("/api/v1/funds/treasury-receipts").then().statusCode(401);
        assertThat(Db.count("SELECT count(*) FROM treasury_receipt WHERE business_date = $1", day)).isEqualTo(1);

        // two days on, the vouchers still without a receipt are overdue; the receipted one is not
        clock.advance(Duration.ofDays(3));
        List<String> overdue = Staff.as("auditor").get("/api/v1/funds/treasury-receipts?overdue=true").then()
                .statusCode(200).extract().jsonPath().getList("voucherNo");
        assertThat(overdue).doesNotContain((String) v.get("voucherNo"));
        assertThat(overdue).containsAll(treasury.stream().skip(1).map(t -> (String) t.get("voucherNo")).toList());
    }

    @Test
    @Order(3)
    void aMalformedOrForeignStatementChangesNothing() {
        long before = Db.count("SELECT count(*) FROM bank_statement");
        String broken = "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
                + "<BkToCstmrStmt><Stmt><Acct><Id><Othr><Id>1202020109900000001</Id></Othr></Id><Ccy>CNY</Ccy>"
                + "</Acct><Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">1.2.3</Amt>";
        load(broken.getBytes(StandardCharsets.UTF_8), "broken.xml", null, "clerk").then().statusCode(400)
                .body("code", equalTo("FUNDS_STATEMENT_INVALID"))
                .body("errors[0].field", org.hamcrest.Matchers.startsWith("/Document"));
        String foreign = "账号,6222000000000001\r\n户名,别人\r\n币种,CNY\r\n日期,2030-01-01\r\n期初余额,0.00\r\n"
                + "交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,对方账号,摘要,业务参考号,银行流水号,退汇原因\r\n"
                + "期末余额,0.00\r\n";
        load(foreign.getBytes(StandardCharsets.UTF_8), "other.csv", null, "clerk").then().statusCode(422)
                .body("code", equalTo("FUNDS_ACCOUNT_UNKNOWN"));
        Staff.as("auditor").multiPart("file", "x.xml", new byte[] { 1 }).post("/api/v1/funds/statements").then()
                .statusCode(403);
        assertThat(Db.count("SELECT count(*) FROM bank_statement")).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aStatementIsFetchedFromTheAgentBank() {
        clock.reset();
        clock.advance(Duration.ofDays(480));
        LocalDate day = clock.today();
        // not served before its day has begun
        Staff.sendingJson("clerk").body("{\"bookingDate\":\"" + day.plusDays(5) + "\"}")
                .post("/api/v1/funds/statements").then().statusCode(422)
                .body("code", equalTo("STATEMENT_NOT_AVAILABLE"));
        Staff.sendingJson("clerk").body("{\"bookingDate\":\"" + day + "\",\"reason\":\"重新下载\"}")
                .post("/api/v1/funds/statements").then().statusCode(403);
        Staff.sendingJson("clerk").body("{}").post("/api/v1/funds/statements").then().statusCode(400);
        // fetched and read: the simulated bank's account carries every test's settlements, so its opening balance
        // is not where this suite's own statements closed, and the chain refuses it by name (nothing is stored)
        long before = Db.count("SELECT count(*) FROM bank_statement");
        Staff.sendingJson("clerk").body("{\"bookingDate\":\"" + day + "\",\"format\":\"CSV\"}")
                .post("/api/v1/funds/statements").then().statusCode(400)
                .body("code", equalTo("FUNDS_STATEMENT_INVALID"))
                .body("detail", org.hamcrest.Matchers.containsString("but the statement of"));
        assertThat(Db.count("SELECT count(*) FROM bank_statement")).isEqualTo(before);
    }

    @Test
    @Order(5)
    void anUnknownCreditIsClaimedInTheConsole() {
        clock.reset();
        clock.advance(Duration.ofDays(490));
        LocalDate day = clock.today();
        String bill = Bills.issueFine(6_600);
        String ref = "C" + day.toString().replace("-", "") + "1";
        long opening = Db.count("SELECT coalesce((SELECT closing_fen FROM bank_statement WHERE booking_date < $1"
                + " ORDER BY booking_date DESC LIMIT 1), 0)", day);
        load(AgentBank.camt053(day, opening, List.of(transfer(6_600, ref, "钱七", "罚款 " + bill))), "c.xml", null,
                "clerk").then().statusCode(201);

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String page = clerk.get("/console/funds?date=" + day).then().statusCode(200).extract().asString();
        assertThat(page).contains("data-test=\"unexplained-" + ref + "\"").contains("data-test=\"claim-" + ref + "\"")
                .contains("data-test=\"funds-channels\"").contains("data-test=\"nav-funds\"")
                .contains("data-test=\"receipts-none\"");
        clerk.post("/console/funds/unknown-credits/" + ref + "/claim", Map.of("date", day.toString(),
                "paymentCode", bill)).then().statusCode(400);
        String proposed = clerk.post("/console/funds/unknown-credits/" + ref + "/claim", Map.of("date",
                day.toString(), "paymentCode", bill, "reason", "付款人来电认领")).then().statusCode(200).extract().asString();
        long id = Db.count("SELECT id FROM funds_decision WHERE bank_reference = $1 AND status = 'PENDING'", ref);
        assertThat(proposed).contains("data-test=\"funds-notice\"").contains("data-test=\"decision-" + ref + "\"")
                .doesNotContain("data-test=\"approve-" + id + "\"");
        clerk.post("/console/funds/decisions/" + id + "/approve", Map.of("date", day.toString(), "reason", "x"))
                .then().statusCode(403);
        // a unit officer has no funds page; an auditor sees it without forms
        Console.signedIn("officer", "demo-officer").get("/console/funds").then().statusCode(403);
        assertThat(Console.signedIn("auditor", "demo-auditor").get("/console/funds?date=" + day).then()
                .statusCode(200).extract().asString()).doesNotContain("data-test=\"claim-")
                .doesNotContain("data-test=\"fetch-statement\"");

        Console supervisor = Console.enrolledAndSignedIn(Console.newUser("SUPERVISOR", "pw-funds"), "pw-funds");
        String approved = supervisor.post("/console/funds/decisions/" + id + "/approve", Map.of("date",
                day.toString(), "reason", "核对转账凭证无误")).then().statusCode(200).extract().asString();
        assertThat(approved).contains("已按转账缴款入账").contains("认领到 " + bill + " · APPROVED");
        supervisor.post("/console/funds/decisions/" + id + "/approve", Map.of("date", day.toString(), "reason",
                "again")).then().statusCode(409);
        assertThat(bill(bill)).isEqualTo("PAID");
    }

    @Test
    @Order(6)
    void theFundedSettledDayIsClosedFrozenAndReported() throws Exception {
        clock.reset();
        clock.advance(Duration.ofDays(495));
        LocalDate day = clock.today().minusDays(25);
        // day 490's credit is claimed but its channels were never reconciled nor settled: not ready, and said why
        JsonPath open = Staff.as("auditor").get("/api/v1/days/" + clock.today().minusDays(5)).then().statusCode(200)
                .extract().jsonPath();
        assertThat(open.getBoolean("ready")).isFalse();
        assertThat(open.getList("missing", String.class)).anyMatch(m -> m.contains("TRANSFER") || m.contains("结算"));
        Staff.sendingJson("supervisor").body("{\"reason\":\"日结\"}")
                .post("/api/v1/days/" + clock.today().minusDays(5) + "/close").then().statusCode(422)
                .body("code", equalTo("DAY_NOT_READY"));

        JsonPath ready = Staff.as("auditor").get("/api/v1/days/" + day).then().statusCode(200).extract().jsonPath();
        assertThat(ready.getBoolean("ready")).as(ready.prettify()).isTrue();
        Staff.sendingJson("clerk").body("{\"reason\":\"日结\"}").post("/api/v1/days/" + day + "/close").then()
                .statusCode(403);
        Staff.sendingJson("supervisor").body("{}").post("/api/v1/days/" + day + "/close").then().statusCode(400);
        // closed in the console by a supervisor; a change to it is refused there
        long run = Db.count("SELECT id FROM reconciliation_run WHERE channel = 'ALIPAY' AND business_date = $1", day);
        String closer = Console.newUser("SUPERVISOR", "pw-close");
        try (Browser browser = Browser.open()) {
            browser.enrol(closer, "pw-close").click("nav-days").at("/console/days");
            browser.go("/console/days?date=" + day).testId("day-ready");
            browser.type("close-reason", "三方核对一致，日结").click("close-day");
            assertThat(browser.testId("day-notice").getText()).contains("已日结");
            assertThat(browser.testId("day-closed").getText()).contains(closer);
            browser.screenshot("day-closed");
            browser.go("/console/reconciliations/" + run).type("rerun-reason", "渠道重发对账单").click("rerun");
            assertThat(browser.testId("recon-error").getText()).contains("closed by " + closer);
            browser.go("/console/reports?from=" + day + "&to=" + day + "&groupBy=unit,item,channel");
            assertThat(browser.testId("report-coverage").getText()).contains("已日结 1 天");
            browser.screenshot("revenue-report");
        }
        JsonPath closed = Staff.as("auditor").get("/api/v1/days/" + day).then().statusCode(200)
                .body("closed", equalTo(true)).body("close.closedBy", equalTo(closer)).extract().jsonPath();
        Staff.sendingJson("supervisor").body("{\"reason\":\"again\"}").post("/api/v1/days/" + day + "/close").then()
                .statusCode(409).body("code", equalTo("DAY_ALREADY_CLOSED"));
        assertThat(closed.getString("close.digest")).matches("[0-9a-f]{64}");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'DAY_CLOSED' AND subject_id = $1"
                + " AND details ->> 'reason' = '三方核对一致，日结'", day.toString())).isEqualTo(1);

        // the frozen figures are the settlement's and the ledger's, to the fen
        var batch = Db.one("SELECT net_fen, gross_fen, refund_fen, id FROM settlement_batch WHERE business_date = $1", day);
        long net = batch.getLong(0);
        long outbound = Db.count("SELECT coalesce(sum(l.credit_fen - l.debit_fen), 0) FROM journal_line l JOIN"
                + " journal_entry e ON e.id = l.entry_id WHERE l.account = 'settlement_outbound'"
                + " AND e.idempotency_key LIKE $1", "settle:" + day + ":unit:%");
        assertThat(closed.getLong("close.netFen")).isEqualTo(net).isEqualTo(outbound);
        assertThat(Db.count("SELECT sum(net_fen) FROM day_close_line WHERE business_date = $1", day)).isEqualTo(net);
        assertThat(Db.count("SELECT count(*) FROM (SELECT level, sum(amount_fen) FROM day_close_split WHERE"
                + " business_date = $1 GROUP BY level EXCEPT SELECT level, sum(amount_fen) FROM settlement_split"
                + " WHERE batch_id = $2 GROUP BY level) d", day, batch.getLong(3))).isZero();
        JsonPath report = Staff.as("auditor").get("/api/v1/reports/revenue?from=" + day
                + "&groupBy=unit,item,budgetLevel,channel,destination").then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("closedDays", String.class)).containsExactly(day.toString());
        assertThat(report.getLong("totals.netFen")).isEqualTo(net);
        assertThat(report.getList("rows.netFen", Long.class).stream().mapToLong(Long::longValue).sum()).isEqualTo(net);
        JsonPath byChannel = Staff.as("auditor").get("/api/v1/reports/revenue?from=" + day.withDayOfMonth(1) + "&to="
                + day.withDayOfMonth(1).plusMonths(1).minusDays(1) + "&groupBy=channel").then().statusCode(200)
                .extract().jsonPath();
        assertThat(byChannel.getLong("totals.grossFen")).isEqualTo(batch.getLong(1));
        assertThat(byChannel.getLong("totals.refundFen")).isEqualTo(batch.getLong(2));
        assertThat(byChannel.getList("rows.channel", String.class)).contains("ALIPAY", "WECHAT_PAY", "TRANSFER");

        // the XLSX, read back: its totals row is the ledger's
        byte[] xlsx = Console.signedIn("auditor", "demo-auditor").get("/console/reports/revenue.xlsx?from=" + day
                + "&to=" + day).then().statusCode(200).extract().asByteArray();
        assertThat(Staff.as("auditor").get("/api/v1/reports/revenue?from=" + day + "&format=xlsx").then()
                .statusCode(200).extract().asByteArray()).hasSizeGreaterThan(1000);
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
            var sheet = workbook.getSheetAt(0);
            var last = sheet.getRow(sheet.getLastRowNum());
            assertThat(last.getCell(0).getStringCellValue()).isEqualTo("合计");
            assertThat(Math.round(last.getCell(last.getLastCellNum() - 1).getNumericCellValue() * 100)).isEqualTo(outbound);
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("单位代码");
        }
        byte[] csv = Staff.as("auditor").get("/api/v1/reports/revenue?from=" + day + "&format=csv&groupBy=channel")
                .then().statusCode(200).header("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")).extract()
                .asByteArray();
        assertThat(new String(csv, java.nio.charset.StandardCharsets.UTF_8)).startsWith("\uFEFF渠道,收款（元）")
                .contains("ALIPAY,");

        // frozen: nothing that would move its figures is taken, and the database refuses edits outright
        Staff.sendingJson("supervisor").body("{\"reason\":\"渠道重发对账单\"}")
                .post("/api/v1/reconciliations/" + run + "/rerun").then().statusCode(409)
                .body("code", equalTo("DAY_CLOSED"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Db.execute(
                "UPDATE day_close_line SET net_fen = net_fen + 1 WHERE business_date = $1", day))
                .hasMessageContaining("frozen");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Db.execute(
                "DELETE FROM day_close WHERE business_date = $1", day)).hasMessageContaining("frozen");
        assertThat(Db.count("SELECT net_fen FROM revenue_month_line WHERE month = $1 AND channel = 'ALIPAY' LIMIT 1",
                day.withDayOfMonth(1))).isNotZero();

        // the parameters are checked
        Staff.as("auditor").get("/api/v1/reports/revenue?from=2026-13-01").then().statusCode(400);
        Staff.as("auditor").get("/api/v1/reports/revenue?from=" + day + "&to=" + day.minusDays(1)).then()
                .statusCode(422).body("code", equalTo("REPORT_RANGE_INVALID"));
        Staff.as("auditor").get("/api/v1/reports/revenue?from=" + day + "&groupBy=unit,unit").then().statusCode(400);
        Staff.as("auditor").get("/api/v1/reports/revenue?from=" + day + "&groupBy=payer").then().statusCode(400);
        Staff.as("auditor").get("/api/v1/reports/revenue?from=" + day + "&format=pdf").then().statusCode(400);
        Staff.as("officer").get("/api/v1/reports/revenue?from=" + day).then().statusCode(403);
    }

    /** What a channel's reconciled statement of the date says it owes: payments − refunds (− fees when net). */
    private static long owed(String channel, LocalDate date, boolean net) {
        var run = Db.one("SELECT statement_payment_fen, statement_refund_fen, statement_fee_fen FROM reconciliation_run"
                + " WHERE channel = $1 AND business_date = $2", channel, date);
        return run.getLong(0) - run.getLong(1) - (net ? run.getLong(2) : 0);
    }

    /** A channel's clearing account over the entries of one business date (debit − credit). */
    private static long clearing(String channel, LocalDate date) {
        return Db.count("SELECT coalesce(sum(l.debit_fen - l.credit_fen), 0) FROM journal_line l JOIN journal_entry e"
                + " ON e.id = l.entry_id WHERE l.account = $1 AND e.business_date = $2", "channel_clearing:" + channel,
                date);
    }

    private static long account(String account) {
        return Db.count("SELECT coalesce(sum(debit_fen - credit_fen), 0) FROM journal_line WHERE account = $1", account);
    }

    private static void reconcile(String channel, LocalDate date) {
        long id = Staff.sendingJson("clerk").body("{\"channel\":\"" + channel + "\",\"businessDate\":\"" + date + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(WAIT).untilAsserted(() -> Staff.as("auditor").get("/api/v1/reconciliations/" + id).then()
                .statusCode(200).body("status", equalTo("COMPLETED")));
    }

    private static Response load(byte[] file, String name, String reason, String user) {
        var request = Staff.as(user).multiPart("file", name, file, "application/octet-stream");
        if (reason != null) {
            request = request.multiPart("reason", reason);
        }
        return request.post("/api/v1/funds/statements");
    }

    private static JsonPath view(LocalDate date) {
        return Staff.as("auditor").get("/api/v1/funds/" + date).then().statusCode(200).extract().jsonPath();
    }

    private static String status(JsonPath view, String channel) {
        return (String) channel(view, channel).get("status");
    }

    private static Map<String, Object> channel(JsonPath view, String channel) {
        return view.getMap("channels.find { it.channel == '" + channel + "' }");
    }

    private static AgentBank.Entry transfer(long fen, String bankReference, String payer, String remittance) {
        return new AgentBank.Entry(true, fen, null, bankReference, payer, "6222020200112233" + fen % 1000,
                remittance, null);
    }

    private static Response propose(String bankReference, String what, String json, String user) {
        return Staff.sendingJson(user).body(json)
                .post("/api/v1/funds/unknown-credits/" + bankReference + "/" + what);
    }

    private static Response decide(long id, String what, String user, String reason) {
        return Staff.sendingJson(user).body(reason == null ? "{}" : "{\"reason\":\"" + reason + "\"}")
                .post("/api/v1/funds/decisions/" + id + "/" + what);
    }

    private static String bill(String paymentCode) {
        return Db.one("SELECT status FROM payment_order WHERE payment_code = $1", paymentCode).getString(0);
    }

    private static String receipt(String receiptNo, String voucherNo, LocalDate date, String treasury, long fen,
            LocalDate on) {
        return "{\"receiptNo\":\"" + receiptNo + "\",\"voucherNo\":\"" + voucherNo + "\",\"businessDate\":\"" + date
                + "\",\"treasuryCode\":\"" + treasury + "\",\"amountFen\":" + fen + ",\"receivedOn\":\"" + on + "\"}";
    }

    private static Response relay(String body) {
        return given().contentType("application/json").header("X-Payout-Signature", PayoutBank.sign(body)).body(body)
                .post("/api/v1/funds/treasury-receipts");
    }

    private static JsonPath integrity(LocalDate date) {
        return Staff.as("auditor").get("/api/v1/funds/" + date + "/integrity").then().statusCode(200).extract()
                .jsonPath();
    }

    private static long collectionBalance() {
        return Db.count("SELECT coalesce(sum(debit_fen - credit_fen), 0) FROM journal_line WHERE account = $1",
                "bank:COLLECTION");
    }

}
