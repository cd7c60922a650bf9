package io.govclear.receipt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Electronic receipts of paid bills: issued once, hash-chained, verifiable, as PDF, marked when refunded. */
@QuarkusTest
class ReceiptTest {

    private static final String UNIT_NAME = "杭州市公安局交通警察支队";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Inject
    ReceiptIssuer issuer;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    /** Waits until the unit's view of the bill shows its receipt; returns {receiptNo, checkCode}. */
    private static JsonPath awaitReceipt(String paymentCode) {
        return await().atMost(WAIT).until(() -> UnitApi.as("HZ-TRAFFIC").get("/api/v1/orders/" + paymentCode)
                        .then().statusCode(200).extract().jsonPath(),
                json -> json.getString("receipt.receiptNo") != null).setRootPath("receipt");
    }

    private static long receipts(String[] paymentCodes) {
        return Db.count("SELECT count(*) FROM receipt WHERE payment_code = ANY($1)", (Object) paymentCodes);
    }

    private static Response verify(String receiptNo, String checkCode) {
        return given().queryParam("checkCode", checkCode).get("/api/v1/receipts/" + receiptNo);
    }

    private static Response chain() {
        return Staff.as("auditor").get("/api/v1/receipts/chain/verify");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ALIPAY", "WECHAT_PAY" })
    void aPaidBillGetsExactlyOneVerifiableReceipt(String channel) {
        String code = Bills.issueFine(20000);
        assertThat(UnitApi.as("HZ-TRAFFIC").get("/api/v1/orders/" + code).<Object>path("receipt"))
                .as("no receipt before payment").isNull();
        String paymentId = Payments.payBill(code, channel);
        JsonPath receipt = awaitReceipt(code);
        String receiptNo = receipt.getString("receiptNo");
        String checkCode = receipt.getString("checkCode");
        String year = String.format("%02d", clock.today().getYear() % 100);
        // region 33 (Zhejiang), category 01 (fine), kind 01, year; then the 10-digit number
        assertThat(receiptNo).matches("330101" + year + "[0-9]{10}");
        assertThat(checkCode).matches("[2-9A-HJ-NP-Z]{6}");

        verify(receiptNo, checkCode).then().statusCode(200)
                .body("paymentCode", equalTo(code))
                .body("receiptCode", equalTo(receiptNo.substring(0, 8)))
                .body("unit.name", equalTo(UNIT_NAME))
                .body("payer", equalTo("张*"))
                .body("items[0].itemCode", equalTo("FINE-TRAFFIC"))
                .body("items[0].amountFen", equalTo(20000))
                .body("lateFeeFen", equalTo(0))
                .body("totalFen", equalTo(20000))
                .body("channel", equalTo(channel))
                .body("paymentId", equalTo(paymentId))
                .body("status", equalTo("VALID"))
                .body("intact", equalTo(true));
        // the check code is not case-sensitive; a wrong one and an unknown number look the same
        verify(receiptNo, checkCode.toLowerCase()).then().statusCode(200);
        String wrong = (checkCode.charAt(0) == 'A' ? "B" : "A") + checkCode.substring(1);
        String wrongBody = verify(receiptNo, wrong).then().statusCode(404)
                .body("code", equalTo("RECEIPT_NOT_FOUND")).extract().path("detail");
        String unknownBody = verify("330101" + year + "9999999999", checkCode).then().statusCode(404)
                .body("code", equalTo("RECEIPT_NOT_FOUND")).extract().path("detail");
        assertThat(wrongBody).isEqualTo(unknownBody);
        given().get("/api/v1/receipts/" + receiptNo).then().statusCode(404);

        // more issuer runs: still one receipt for the bill
        issuer.issueDue().await().atMost(WAIT);
        issuer.issueDue().await().atMost(WAIT);
        assertThat(Db.count("SELECT count(*) FROM receipt WHERE payment_code = $1", code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM payment_order o JOIN receipt r ON r.id = o.receipt_id"
                + " WHERE o.payment_code = $1 AND r.receipt_no = $2", code, receiptNo)).isEqualTo(1);
    }

    @Test
    void billsPaidConcurrentlyFormOneChainWithoutGapsOrForks() throws Exception {
        int bills = 12;
        List<String> codes = new ArrayList<>();
        List<String> paymentIds = new ArrayList<>();
        for (int i = 0; i < bills; i++) {
            String code = Bills.issueFine(1000 + i);
            codes.add(code);
            paymentIds.add(Payments.start(code, i % 2 == 0 ? "ALIPAY" : "WECHAT_PAY"));
        }
        String[] codeArray = codes.toArray(String[]::new);
        int instances = 4;
        ExecutorService pool = Executors.newFixedThreadPool(bills + instances);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> paid = new ArrayList<>();
            // besides the scheduled job, four "instances" issue while the payments arrive, until every bill has its
            // receipt
            for (int i = 0; i < instances; i++) {
                paid.add(pool.submit(() -> {
                    start.await();
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                        issuer.issueDue().await().atMost(WAIT);
                        return receipts(codeArray) == bills;
                    });
                    return null;
                }));
            }
            for (int i = 0; i < bills; i++) {
                String channel = i % 2 == 0 ? "ALIPAY" : "WECHAT_PAY";
                String paymentId = paymentIds.get(i);
                paid.add(pool.submit(() -> {
                    start.await();
                    Payments.pay(channel, paymentId);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : paid) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(receipts(codeArray)).isEqualTo(bills);

        // numbers 1…n with no gap, each linked to the hash of the one before, the head on the last
        assertThat(Db.count("SELECT count(*) FROM receipt")).isEqualTo(Db.count("SELECT max(seq) FROM receipt"));
        assertThat(Db.count("SELECT count(*) FROM receipt r LEFT JOIN receipt p ON p.seq = r.seq - 1"
                + " WHERE r.seq > 1 AND (p.hash IS NULL OR p.hash <> r.prev_hash)")).isZero();
        assertThat(Db.count("SELECT count(DISTINCT prev_hash) FROM receipt"))
                .isEqualTo(Db.count("SELECT count(*) FROM receipt"));
        assertThat(Db.count("SELECT count(*) FROM receipt_chain_head h JOIN receipt r ON r.seq = h.last_seq"
                + " AND r.hash = h.last_hash")).isEqualTo(1);
        long total = Db.count("SELECT count(*) FROM receipt");
        chain().then().statusCode(200).body("valid", equalTo(true));
        assertThat(chain().<Integer>path("checked")).isGreaterThanOrEqualTo((int) total);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "unit_name = '杭州市某某单位'",
            "total_fen = total_fen + 1",
            "lines = jsonb_set(lines, '{0,amountFen}', '1')",
            "payer_name_masked = '李*'",
            "paid_at = paid_at + interval '1 second'",
            "check_code = 'ABCDEF'",
            "prev_hash = decode(repeat('11', 32), 'hex')" })
    void alteringAReceiptRowBreaksVerification(String alteration) {
        String code = Bills.issueFine(3300);
        Payments.payBill(code, "ALIPAY");
        JsonPath receipt = awaitReceipt(code);
        String receiptNo = receipt.getString("receiptNo");
        String checkCode = receipt.getString("checkCode");
        chain().then().statusCode(200).body("valid", equalTo(true));
        assertThatThrownBy(() -> Db.execute("UPDATE receipt SET unit_name = 'x' WHERE receipt_no = $1", receiptNo))
                .as("receipts are append-only").hasMessageContaining("append-only");

        // someone with the database owner's rights goes around the trigger
        Db.execute("DROP TABLE IF EXISTS receipt_tamper_backup");
        Db.execute("CREATE TABLE receipt_tamper_backup AS SELECT * FROM receipt WHERE receipt_no = $1", receiptNo);
        try {
            tamper("UPDATE receipt SET " + alteration + " WHERE receipt_no = $1", receiptNo);
            chain().then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("firstBrokenReceiptNo", equalTo(receiptNo));
            if (!alteration.startsWith("check_code")) {
                verify(receiptNo, checkCode).then().statusCode(200).body("intact", equalTo(false));
            }
        } finally {
            tamper("UPDATE receipt r SET unit_name = b.unit_name, total_fen = b.total_fen, lines = b.lines,"
                    + " payer_name_masked = b.payer_name_masked, paid_at = b.paid_at, check_code = b.check_code,"
                    + " prev_hash = b.prev_hash FROM receipt_tamper_backup b WHERE r.id = b.id AND r.receipt_no = $1",
                    receiptNo);
            Db.execute("DROP TABLE receipt_tamper_backup");
        }
        chain().then().statusCode(200).body("valid", equalTo(true));
        verify(receiptNo, checkCode).then().statusCode(200).body("intact", equalTo(true));
    }

    private static void tamper(String sql, String receiptNo) {
        Db.execute("ALTER TABLE receipt DISABLE TRIGGER receipt_append_only");
        try {
            Db.execute(sql, receiptNo);
        } finally {
            Db.execute("ALTER TABLE receipt ENABLE TRIGGER receipt_append_only");
        }
    }

    @Test
    void chainVerificationIsForFinanceStaff() {
        given().get("/api/v1/receipts/chain/verify").then().statusCode(401);
        Staff.withPassword("auditor", "wrong").get("/api/v1/receipts/chain/verify").then().statusCode(401);
    }

    @Test
    void thePdfHoldsTheReceiptInChinese() throws IOException {
        String code = Bills.issueFine(15000);
        Payments.payBill(code, "WECHAT_PAY");
        JsonPath receipt = awaitReceipt(code);
        String receiptNo = receipt.getString("receiptNo");
        String checkCode = receipt.getString("checkCode");
        byte[] pdf = given().queryParam("checkCode", checkCode).get("/api/v1/receipts/" + receiptNo + ".pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String text = text(pdf);
        assertThat(text).contains(code, receiptNo.substring(0, 8), receiptNo.substring(8), checkCode, UNIT_NAME,
                "电子缴款凭证", "FINE-TRAFFIC", "150.00", "张*");
        assertThat(text).doesNotContain("已退款");
        given().queryParam("checkCode", "ZZZZZZ").get("/api/v1/receipts/" + receiptNo + ".pdf").then()
                .statusCode(404);
    }

    @Test
    void aRefundedBillsReceiptIsMarkedWithoutTouchingTheChain() throws IOException {
        String code = Bills.issueFine(4200);
        Payments.payBill(code, "ALIPAY");
        JsonPath receipt = awaitReceipt(code);
        String receiptNo = receipt.getString("receiptNo");
        String checkCode = receipt.getString("checkCode");
        // the refund itself is the refund flow's business; here only its outcome on the bill matters
        Db.execute("UPDATE payment_order SET status = 'REFUNDED' WHERE payment_code = $1", code);
        verify(receiptNo, checkCode).then().statusCode(200)
                .body("status", equalTo("REFUNDED")).body("intact", equalTo(true));
        byte[] pdf = given().queryParam("checkCode", checkCode).get("/api/v1/receipts/" + receiptNo + ".pdf")
                .then().statusCode(200).extract().asByteArray();
        assertThat(text(pdf)).contains("已退款", "REFUNDED", receiptNo.substring(8));
        Db.execute("UPDATE payment_order SET status = 'PARTIALLY_REFUNDED' WHERE payment_code = $1", code);
        verify(receiptNo, checkCode).then().body("status", equalTo("PARTIALLY_REFUNDED"));
        chain().then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void theResultPageLinksTheReceiptOnceIssued() {
        String code = Bills.issueFine(5100);
        String paymentId = Payments.start(code, "ALIPAY");
        assertThat(given().get("/pay/result/" + paymentId).then().statusCode(200).extract().asString())
                .doesNotContain("/api/v1/receipts/");
        Payments.pay("ALIPAY", paymentId);
        Payments.awaitSucceeded(paymentId);
        JsonPath receipt = awaitReceipt(code);
        String link = "/api/v1/receipts/" + receipt.getString("receiptNo") + ".pdf?checkCode="
                + receipt.getString("checkCode");
        assertThat(given().get("/pay/result/" + paymentId).then().statusCode(200).extract().asString())
                .contains(link);
        given().urlEncodingEnabled(false).get(link).then().statusCode(200).contentType("application/pdf");
    }

    /** The PDF's text, after checking that every font it uses is embedded (viewers need no CJK font of their own). */
    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (PDPage page : document.getPages()) {
                PDResources resources = page.getResources();
                for (COSName name : resources.getFontNames()) {
                    PDFont font = resources.getFont(name);
                    assertThat(font.isEmbedded()).as("font %s is embedded", font.getName()).isTrue();
                }
            }
            return new PDFTextStripper().getText(document);
        }
    }
}
