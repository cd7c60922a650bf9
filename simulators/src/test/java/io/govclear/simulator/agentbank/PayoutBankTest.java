package io.govclear.simulator.agentbank;

import static io.govclear.simulator.agentbank.Activity.camt;
import static io.govclear.simulator.agentbank.Activity.csv;
import static io.govclear.simulator.agentbank.Activity.live;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.simulator.EngineStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The payout bank paying the engine's payout file from the collection account: debits on the day it is told, returns
 * (退汇) the next day with their reason, once however often it is told, and the treasury's receipts relayed signed to
 * the engine (here a stub on a port of its own) for what reached a treasury.
 */
@QuarkusTest
@QuarkusTestResource(EngineStub.class)
class PayoutBankTest {

    /** The business date paid out. */
    static final LocalDate T = LocalDate.of(2031, 3, 10);
    /** The day the bank pays it: the day after at the earliest. */
    static final LocalDate P = T.plusDays(1);
    static final String SECRET = "demo-payout-bank-secret";
    static final String V1 = "GC2031031000001";
    static final String V2 = "GC2031031000002";
    static final String V3 = "GC2031031000003";
    static final String V4 = "GC2031031000004";
    /** Four vouchers as the engine renders them: two to treasuries, one to a fiscal special account, one to a unit. */
    static final String FILE = String.join("\n",
            "H|" + V1 + "|20310310|TREASURY|330000|PROVINCE|2|6000",
            "D|" + V1 + "|1|103040101|交通罚没收入|5000|FINE-TRAFFIC|HZ-TRAFFIC|杭州市公安局交通警察支队",
            "D|" + V1 + "|2|103040101|交通罚没收入|1000|FINE-TRAFFIC|HZ-TRAFFIC|杭州市公安局交通警察支队",
            "H|" + V2 + "|20310310|FISCAL_SPECIAL_ACCOUNT|FSA330100|CITY|1|3000",
            "D|" + V2 + "|1|1030499|学费|3000|TUITION-UG|ZJU|浙江大学",
            "H|" + V3 + "|20310310|UNIT_ACCOUNT|1202020109900000099|UNIT|1|1000",
            "D|" + V3 + "|1|1030499|学费|1000|TUITION-UG|ZJU|浙江大学",
            "H|" + V4 + "|20310310|TREASURY|100000|CENTRAL|1|2000",
            "D|" + V4 + "|1|103040101|交通罚没收入|2000|FINE-TRAFFIC|HZ-TRAFFIC|杭州市公安局交通警察支队",
            "T|2031-03-10|1|4|12000", "");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void freshDay() {
        Activity.forgetEverything();
        live(P);
        EngineStub.RECEIVED.clear();
        EngineStub.receiptStatus = 201;
    }

    @AfterEach
    void realTime() {
        Activity.shift(Duration.ZERO);
    }

    @Test
    void aPaidFileIsDebitedTheDayAfterItsBusinessDateAndAReturnComesBackTheNextDayWithItsReason() {
        tell(outcome("PAID", FILE, List.of(Map.of("voucherNo", V3, "reason", "AC04")), List.of())).statusCode(200)
                .body("status", equalTo("CONFIRMED"));

        List<EngineLayout.Entry> debits = List.of(
                debit(V1, 6_000, "国家金库", "330000", "AB2031031100001"),
                debit(V2, 3_000, "财政专户", "FSA330100", "AB2031031100002"),
                debit(V3, 1_000, "执收单位结算账户", "1202020109900000099", "AB2031031100003"),
                debit(V4, 2_000, "国家金库", "100000", "AB2031031100004"));
        assertThat(camt(P)).isEqualTo(EngineLayout.camt053(P, 0, debits));
        assertThat(csv(P)).isEqualTo(EngineLayout.csv(P, 0, debits));

        live(P.plusDays(1));
        List<EngineLayout.Entry> returned = List.of(new EngineLayout.Entry(true, 1_000, V3, "AB2031031200001",
                "执收单位结算账户", "1202020109900000099", "退汇 缴款书 " + V3, "AC04"));
        // the account is overdrawn by the payouts: camt says DBIT, the CSV a minus
        assertThat(camt(P.plusDays(1))).isEqualTo(EngineLayout.camt053(P.plusDays(1), -12_000, returned))
                .contains("<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf>");
        assertThat(csv(P.plusDays(1))).isEqualTo(EngineLayout.csv(P.plusDays(1), -12_000, returned))
                .contains(",AB2031031200001,AC04\r\n");
    }

    @Test
    void tellingTheSameOutcomeAgainDebitsNothingMoreAndTellingItOtherwiseIsRefused() {
        Map<String, Object> paid = outcome("PAID", FILE, List.of(Map.of("voucherNo", V3, "reason", "AC04")),
                List.of());
        tell(paid).statusCode(200);
        String once = camt(P);

        tell(paid).statusCode(200);
        tell(paid).statusCode(200);

        assertThat(camt(P)).isEqualTo(once);
        live(P.plusDays(1));
        assertThat(camt(P.plusDays(1))).containsOnlyOnce("<Ntry>");
        live(P);
        tell(outcome("PAID", FILE, List.of(Map.of("voucherNo", V3, "reason", "AC06")), List.of())).statusCode(409)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("PAYOUT_ALREADY_BOOKED"));
        assertThat(camt(P)).isEqualTo(once);
        // every telling was confirmed to the engine, the refused one excepted
        assertThat(EngineStub.RECEIVED.stream().filter(r -> r.path().endsWith("/payout-confirmation"))).hasSize(3);
    }

    @Test
    void theTreasurysReceiptsAreRelayedSignedButNotForAWithheldOrReturnedVoucher() throws Exception {
        tell(outcome("PAID", FILE, List.of(Map.of("voucherNo", V4, "reason", "AC04")), List.of())).statusCode(200)
                .header("X-Treasury-Receipts", equalTo(V1 + "=201"));
        assertThat(EngineStub.RECEIVED).extracting(EngineStub.Received::path).containsExactly(
                "/api/v1/settlements/2031-03-10/payout-confirmation", "/api/v1/funds/treasury-receipts");
        EngineStub.Received receipt = EngineStub.RECEIVED.get(1);
        assertThat(receipt.text()).isEqualTo("{\"receiptNo\":\"HZ" + V1 + "\",\"voucherNo\":\"" + V1
                + "\",\"businessDate\":\"2031-03-10\",\"treasuryCode\":\"330000\",\"amountFen\":6000,"
                + "\"receivedOn\":\"2031-03-11\"}");
        assertThat(receipt.signature()).isEqualTo(hmac(receipt.body()));
        EngineStub.Received confirmation = EngineStub.RECEIVED.get(0);
        assertThat(confirmation.signature()).isEqualTo(hmac(confirmation.body()));
        assertThat(JSON.readTree(confirmation.body()).path("outcome").asText()).isEqualTo("PAID");

        // issue 2 of another day: V1's receipt withheld, V4's reached the treasury; the engine refuses it
        EngineStub.RECEIVED.clear();
        EngineStub.receiptStatus = 409;
        String other = FILE.replace("2031-03-10|1|", "2031-03-09|2|");
        given().contentType("application/json").body(outcome("PAID", other, List.of(), List.of(V1)))
                .post("/sim/payout-bank/payouts/2031-03-09").then().statusCode(200)
                .header("X-Treasury-Receipts", equalTo(V4 + "=409"));
        assertThat(EngineStub.RECEIVED).hasSize(2);
        assertThat(JSON.readTree(EngineStub.RECEIVED.get(1).body()).path("voucherNo").asText()).isEqualTo(V4);
    }

    @Test
    void aFailedPayoutOrOneWithoutAFileDebitsNothing() {
        tell(outcome("FAILED", FILE, List.of(), List.of())).statusCode(200).header("X-Treasury-Receipts", nullValue());
        given().contentType("application/json").body(Map.of("outcome", "PAID", "issueNo", 2))
                .post("/sim/payout-bank/payouts/2031-03-10").then().statusCode(200);

        assertThat(camt(P)).isEqualTo(EngineLayout.camt053(P, 0, List.of()));
        assertThat(EngineStub.RECEIVED).extracting(EngineStub.Received::path)
                .allMatch(path -> path.endsWith("/payout-confirmation"));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "|1000|FINE;|1001|FINE;PAYOUT_FILE_INVALID;line 1: the D lines of voucher GC2031031000001 add up to 6001",
            "T|2031-03-10|1|4|12000;T|2031-03-10|1|5|12000;PAYOUT_FILE_INVALID;line 10: the file counts 5 vouchers",
            "T|2031-03-10|1|4|12000;T|2031-03-10|1|4|1200;PAYOUT_FILE_INVALID;line 10: the total 1200 is not",
            "AC04;AC4;VALIDATION_FAILED;returns: the reason of GC2031031000003 must be an ISO 20022",
            "GC2031031000003\",\"reason;GC2031031000009\",\"reason;VALIDATION_FAILED;returns: each voucherNo",
            "withhold\":[];withhold\":[\"GC2031031000099\"];VALIDATION_FAILED;withholdReceipts: each must be",
            "\"outcome\":\"PAID\";\"outcome\":\"FAILED\";VALIDATION_FAILED;returns: only a PAID payout" })
    void aBadFileOrReturnIsRefusedAndNothingIsPaid(String replaced, String by, String code, String detail)
            throws Exception {
        String good = "{\"outcome\":\"PAID\",\"issueNo\":1,\"file\":" + JSON.writeValueAsString(FILE)
                + ",\"returns\":[{\"voucherNo\":\"" + V3 + "\",\"reason\":\"AC04\"}],\"withhold\":[]}";
        String bad = good.replace(replaced, by).replace("\"withhold\"", "\"withholdReceipts\"");
        assertThat(bad).isNotEqualTo(good.replace("\"withhold\"", "\"withholdReceipts\""));

        given().contentType("application/json").body(bad).post("/sim/payout-bank/payouts/2031-03-10").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo(code)).body("detail", startsWith(detail));

        assertThat(camt(P)).isEqualTo(EngineLayout.camt053(P, 0, List.of()));
        assertThat(EngineStub.RECEIVED).isEmpty();
    }

    @Test
    void returnsWithoutTheFileAreRefused() {
        given().contentType("application/json").body(Map.of("outcome", "PAID", "issueNo", 1, "returns",
                List.of(Map.of("voucherNo", V1, "reason", "AC04")))).post("/sim/payout-bank/payouts/2031-03-10")
                .then().statusCode(400).body("detail", startsWith("file: is required"));
        assertThat(EngineStub.RECEIVED).isEmpty();
    }

    private static EngineLayout.Entry debit(String voucherNo, long fen, String payee, String account, String ref) {
        return new EngineLayout.Entry(false, fen, voucherNo, ref, payee, account, "缴款书 " + voucherNo, null);
    }

    private static Map<String, Object> outcome(String outcome, String file, List<Map<String, String>> returns,
            List<String> withheld) {
        return Map.of("outcome", outcome, "issueNo", file.contains("|2031-03-09|2|") ? 2 : 1, "file", file,
                "returns", returns, "withholdReceipts", withheld);
    }

    private static ValidatableResponse tell(Map<String, Object> outcome) {
        return given().contentType("application/json").body(outcome).post("/sim/payout-bank/payouts/2031-03-10")
                .then();
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
