package io.govclear.simulator.agentbank;

import static io.govclear.simulator.agentbank.Activity.camt;
import static io.govclear.simulator.agentbank.Activity.csv;
import static io.govclear.simulator.agentbank.Activity.live;
import static io.govclear.simulator.agentbank.Activity.pay;
import static io.govclear.simulator.agentbank.Activity.settled;
import static io.govclear.simulator.agentbank.SettlingChannel.ALIPAY;
import static io.govclear.simulator.agentbank.SettlingChannel.BANK_ABC;
import static io.govclear.simulator.agentbank.SettlingChannel.BANK_ICBC;
import static io.govclear.simulator.agentbank.SettlingChannel.UNIONPAY;
import static io.govclear.simulator.agentbank.SettlingChannel.WECHAT_PAY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.simulator.Yuan;
import io.govclear.simulator.bank.BankSimulator;
import io.govclear.simulator.unionpay.UnionPayRefunds;
import io.govclear.simulator.unionpay.UnionPaySimulator;
import io.govclear.simulator.wechatpay.WechatPaySimulator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The collection account's statement through the agent bank's HTTP contract: each channel credited by its terms on its
 * day from what its own file says, the faults of settlements, payers' own transfers, and balances carried day to day.
 * Every test starts the simulators empty on a day of its own (2031-03-10, noon).
 */
@QuarkusTest
class AgentBankTest {

    static final LocalDate T = LocalDate.of(2031, 3, 10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WechatPaySimulator wechatPay;
    @Inject
    UnionPaySimulator unionPay;
    @Inject
    BankSimulator banks;
    @Inject
    Clock clock;

    @BeforeEach
    void freshDay() {
        Activity.forgetEverything();
        live(T);
    }

    @AfterEach
    void realTime() {
        Activity.shift(Duration.ZERO);
    }

    @Test
    void eachChannelIsCreditedByItsTermsTheBanksTheSameDayThePlatformsTheNext() throws Exception {
        String alipayTrade = pay(ALIPAY, T, 10_000);
        Activity.alipayRefund(alipayTrade, 3_000, "RF1");
        String wechatTrade = pay(WECHAT_PAY, T, 20_000);
        wechatPay.refund(new WechatPaySimulator.RefundOrder(wechatTrade, "RFW1", "多缴", 5_000, 20_000));
        String consume = pay(UNIONPAY, T, 30_000);
        UnionPayRefunds.refund(unionPay, clock, consume, 10_000);
        String confirmation = pay(BANK_ICBC, T, 8_000);
        assertThat(banks.refund("icbc", JSON.createObjectNode().put("confirmationNo", confirmation)
                .put("refundId", "R1").put("refundFen", 1_000)).path("code").asText()).isEqualTo("0000");
        pay(BANK_ABC, T, 5_000);

        // the counters settle gross the same day; the platforms are still on their way
        List<EngineLayout.Entry> today = List.of(settled(BANK_ICBC, T, T, 7_000), settled(BANK_ABC, T, T, 5_000));
        assertThat(camt(T)).isEqualTo(EngineLayout.camt053(T, 0, today));
        assertThat(csv(T)).isEqualTo(EngineLayout.csv(T, 0, today));

        live(T.plusDays(1));
        // Alipay: 10000 − 3000 − fees (60 − 18 given back); WeChat Pay: 20000 − 5000 − (120 − 30); UnionPay gross
        List<EngineLayout.Entry> next = List.of(settled(ALIPAY, T, T.plusDays(1), 6_958),
                settled(WECHAT_PAY, T, T.plusDays(1), 14_910), settled(UNIONPAY, T, T.plusDays(1), 20_000));
        assertThat(camt(T.plusDays(1))).isEqualTo(EngineLayout.camt053(T.plusDays(1), 12_000, next));
        assertThat(csv(T.plusDays(1))).isEqualTo(EngineLayout.csv(T.plusDays(1), 12_000, next));
        // the day before is as it was
        assertThat(camt(T)).isEqualTo(EngineLayout.camt053(T, 0, today));
    }

    @Test
    void aPlatformsCreditIsWhatItsOwnFileSaysFaultsIncluded() throws Exception {
        pay(ALIPAY, T, 10_000);
        String altered = pay(ALIPAY, T, 2_000);
        String refunded = pay(ALIPAY, T, 4_000);
        Activity.alipayRefund(refunded, 4_000, "RF2");
        // the file shows 25.00 yuan for the 20.00 trade
        Activity.statementFault(ALIPAY, T, "ALTER_AMOUNT", altered, 2_500);
        pay(WECHAT_PAY, T, 12_345);
        String omitted = pay(WECHAT_PAY, T, 1_000);
        Activity.statementFault(WECHAT_PAY, T, "OMIT_TRADE", omitted, 1_000);

        long alipayFile = alipayFileNet(T);
        long wechatFile = wechatBillNet(T);
        live(T.plusDays(1));

        // 10000 + 2500 + 4000 − 4000 − fees (60 + 12 + 24 − 24)
        assertThat(alipayFile).isEqualTo(12_428);
        // 12345 − fee 74; the omitted trade is not in the file
        assertThat(wechatFile).isEqualTo(12_271);
        assertThat(camt(T.plusDays(1))).isEqualTo(EngineLayout.camt053(T.plusDays(1), 0, List.of(
                settled(ALIPAY, T, T.plusDays(1), alipayFile), settled(WECHAT_PAY, T, T.plusDays(1), wechatFile))));
    }

    @Test
    void aSettlementComesLateShortOrNotAtAll() {
        LocalDate d = T.minusDays(2);
        pay(ALIPAY, d, 10_000);
        pay(WECHAT_PAY, d, 20_000);
        pay(UNIONPAY, d, 30_000);
        pay(BANK_ICBC, d, 8_000);
        fault("{\"channel\":\"ALIPAY\",\"businessDate\":\"" + d + "\",\"kind\":\"LATE\"}").statusCode(200)
                .body("kind", equalTo("LATE"));
        fault("{\"channel\":\"UNIONPAY\",\"businessDate\":\"" + d + "\",\"kind\":\"SHORT\",\"shortFen\":100}")
                .statusCode(200).body("shortFen", equalTo(100));
        fault("{\"channel\":\"WECHAT_PAY\",\"businessDate\":\"" + d + "\",\"kind\":\"MISSING\"}").statusCode(200);

        assertThat(camt(d)).isEqualTo(EngineLayout.camt053(d, 0, List.of(settled(BANK_ICBC, d, d, 8_000))));
        assertThat(camt(d.plusDays(1))).isEqualTo(EngineLayout.camt053(d.plusDays(1), 8_000,
                List.of(settled(UNIONPAY, d, d.plusDays(1), 29_900))));
        // Alipay a day late (10000 − fee 60); WeChat Pay never
        assertThat(camt(T)).isEqualTo(EngineLayout.camt053(T, 37_900, List.of(settled(ALIPAY, d, T, 9_940))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "{\"channel\":\"PAYPAL\",\"businessDate\":\"2031-03-08\",\"kind\":\"LATE\"};channel: must be",
            "{\"channel\":\"ALIPAY\",\"businessDate\":\"2031-02-30\",\"kind\":\"LATE\"};businessDate: must be a date",
            "{\"channel\":\"ALIPAY\",\"kind\":\"LATE\"};businessDate: is required",
            "{\"channel\":\"ALIPAY\",\"businessDate\":\"2031-03-08\",\"kind\":\"EARLY\"};kind: must be LATE, SHORT",
            "{\"channel\":\"UNIONPAY\",\"businessDate\":\"2031-03-08\",\"kind\":\"SHORT\"};shortFen: is required",
            "{\"channel\":\"UNIONPAY\",\"businessDate\":\"2031-03-08\",\"kind\":\"SHORT\",\"shortFen\":0};shortFen: must",
            "{\"channel\":\"UNIONPAY\",\"businessDate\":\"2031-03-08\",\"kind\":\"SHORT\",\"shortFen\":1.5};shortFen: must",
            "{\"channel\":\"UNIONPAY\",\"businessDate\":\"2031-03-08\",\"kind\":\"SHORT\",\"shortFen\":30000};"
                    + "shortFen: must be below the settlement's amount (30000 fen",
            "{\"channel\":\"UNIONPAY\",\"businessDate\":\"2031-03-08\",\"kind\":\"LATE\",\"shortFen\":5};shortFen: is for" })
    void aBadFaultIsRefusedAndChangesNothing(String body, String detail) {
        pay(UNIONPAY, LocalDate.of(2031, 3, 8), 30_000);

        fault(body).statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED")).body("detail", startsWith(detail));

        assertThat(camt(LocalDate.of(2031, 3, 9))).isEqualTo(EngineLayout.camt053(LocalDate.of(2031, 3, 9), 0,
                List.of(settled(UNIONPAY, LocalDate.of(2031, 3, 8), LocalDate.of(2031, 3, 9), 30_000))));
    }

    @Test
    void aPayersOwnTransferHasNoReference() {
        String first = credit("{\"date\":\"" + T + "\",\"amountFen\":12345,\"payerName\":\"张三\","
                + "\"payerAccount\":\"6222020200112233445\",\"remittance\":\"罚款\"}");
        String second = credit("{\"date\":\"" + T + "\",\"amountFen\":500,\"payerName\":\"李四, 王五\","
                + "\"payerAccount\":\"6222020200112230000\",\"remittance\":\"=学费<&>\"}");

        assertThat(first).isEqualTo("AB2031031000001");
        assertThat(second).isEqualTo("AB2031031000002");
        EngineLayout.Entry plain = new EngineLayout.Entry(true, 12_345, null, first, "张三", "6222020200112233445",
                "罚款", null);
        // the engine's helper writes texts as given: here they are given as each format must carry them
        assertThat(camt(T)).isEqualTo(EngineLayout.camt053(T, 0, List.of(plain, new EngineLayout.Entry(true, 500,
                null, second, "李四, 王五", "6222020200112230000", "=学费&lt;&amp;&gt;", null))));
        assertThat(csv(T)).isEqualTo(EngineLayout.csv(T, 0, List.of(plain, new EngineLayout.Entry(true, 500, null,
                second, "\"李四, 王五\"", "6222020200112230000", "'=学费<&>", null))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "\"date\":\"2031-03-11\",\"amountFen\":100,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"x\";date: is after the bank's today",
            "\"date\":\"10/03/2031\",\"amountFen\":100,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"x\";date: must be a date",
            "\"amountFen\":100,\"payerName\":\"张三\",\"payerAccount\":\"62220202\",\"remittance\":\"x\";date: is required",
            "\"date\":\"2031-03-10\",\"amountFen\":0,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"x\";amountFen: must be a whole number",
            "\"date\":\"2031-03-10\",\"amountFen\":-5,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"x\";amountFen: must be a whole number",
            "\"date\":\"2031-03-10\",\"amountFen\":12.5,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"x\";amountFen: must be a whole number",
            "\"date\":\"2031-03-10\",\"amountFen\":10000000000001,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"x\";amountFen: must be a whole number",
            "\"date\":\"2031-03-10\",\"payerName\":\"张三\",\"payerAccount\":\"62220202\",\"remittance\":\"x\";"
                    + "amountFen: is required",
            "\"date\":\"2031-03-10\",\"amountFen\":100,\"payerName\":\" \",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"x\";payerName: is required",
            "\"date\":\"2031-03-10\",\"amountFen\":100,\"payerName\":\"张\\u0007三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"x\";payerName: holds control characters",
            "\"date\":\"2031-03-10\",\"amountFen\":100,\"payerName\":\"张三\",\"payerAccount\":\"6222-0202\","
                    + "\"remittance\":\"x\";payerAccount: must be",
            "\"date\":\"2031-03-10\",\"amountFen\":100,\"payerName\":\"张三\",\"payerAccount\":\"62220202\";"
                    + "remittance: is required",
            "\"date\":\"2031-03-10\",\"amountFen\":100,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"a\\nb\";remittance: holds control characters",
            "\"date\":\"2031-03-10\",\"amountFen\":100,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                    + "\"remittance\":\"\\ud800\";remittance: holds control characters" })
    void aBadCreditIsRefusedAndBooksNothing(String fields, String detail) {
        given().contentType("application/json").body("{" + fields + "}").post("/sim/agent-bank/credits").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED")).body("detail", startsWith(detail));

        assertThat(camt(T)).isEqualTo(EngineLayout.camt053(T, 0, List.of()));
    }

    @Test
    void aTooLongNameIsRefused() {
        given().contentType("application/json").body("{\"date\":\"" + T + "\",\"amountFen\":1,\"payerName\":\""
                + "名".repeat(141) + "\",\"payerAccount\":\"62220202\",\"remittance\":\"x\"}")
                .post("/sim/agent-bank/credits").then().statusCode(400)
                .body("detail", equalTo("payerName: is longer than 140 characters"));
    }

    @Test
    void eachDayOpensWhereTheDayBeforeClosedInBothFormats() {
        LocalDate d1 = T.minusDays(2);
        LocalDate d2 = T.minusDays(1);
        pay(BANK_ICBC, d1, 8_000);
        pay(UNIONPAY, d1, 30_000);
        credit("{\"date\":\"" + d1 + "\",\"amountFen\":1500,\"payerName\":\"张三\",\"payerAccount\":\"62220202\","
                + "\"remittance\":\"转账\"}");
        pay(BANK_ABC, d2, 2_000);
        credit("{\"date\":\"" + d2 + "\",\"amountFen\":99,\"payerName\":\"李四\",\"payerAccount\":\"62220203\","
                + "\"remittance\":\"转账\"}");

        Balances first = balances(d1);
        Balances second = balances(d2);
        Balances third = balances(T);

        assertThat(first).isEqualTo(new Balances(0, 9_500, 0, 9_500));
        assertThat(second).isEqualTo(new Balances(9_500, 41_599, 9_500, 41_599));
        assertThat(third).isEqualTo(new Balances(41_599, 41_599, 41_599, 41_599));
        // and the same bytes however often it is asked
        assertThat(camt(d2)).isEqualTo(camt(d2));
        assertThat(csv(d2)).isEqualTo(csv(d2));
        assertThat(entries(camt(d2))).isEqualTo(List.of("CRDT|300.00|STL-UNIONPAY-" + Activity.DAY.format(d1),
                "CRDT|20.00|STL-BANK_ABC-" + Activity.DAY.format(d2), "CRDT|0.99|NOTPROVIDED"));
    }

    @ParameterizedTest(name = "{0}?format={1}")
    @CsvSource({ "2031-3-10, camt053, VALIDATION_FAILED, 400", "2031-03-10, pdf, VALIDATION_FAILED, 400",
            "2031-03-11, camt053, STATEMENT_NOT_READY, 404", "yesterday, csv, VALIDATION_FAILED, 400" })
    void aBadOrFutureDateOrAnUnknownFormatIsAProblem(String date, String format, String code, int status) {
        given().queryParam("format", format).get("/sim/agent-bank/statements/{date}", date).then()
                .statusCode(status).contentType(startsWith("application/problem+json")).body("code", equalTo(code));
    }

    @Test
    void theDefaultFormatIsCamt() {
        given().get("/sim/agent-bank/statements/{date}", T.toString()).then().statusCode(200)
                .contentType(startsWith("application/xml"))
                .header("Content-Disposition", equalTo("attachment; filename=\"1202020109900000001_20310310.xml\""));
    }

    /** A statement's balances read back from both formats: camt OPBD and CLBD, CSV 期初余额 and 期末余额. */
    record Balances(long camtOpening, long camtClosing, long csvOpening, long csvClosing) {
    }

    private static Balances balances(LocalDate date) {
        String camt = camt(date);
        String csv = csv(date);
        return new Balances(camtBalance(camt, "OPBD"), camtBalance(camt, "CLBD"), csvBalance(csv, "期初余额"),
                csvBalance(csv, "期末余额"));
    }

    private static long camtBalance(String camt, String code) {
        Matcher m = Pattern.compile("<Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">([0-9.]+)</Amt>"
                + "<CdtDbtInd>(CRDT|DBIT)</CdtDbtInd>").matcher(camt);
        assertThat(m.find()).isTrue();
        long fen = Yuan.parse(m.group(1));
        return m.group(2).equals("DBIT") ? -fen : fen;
    }

    private static long csvBalance(String csv, String label) {
        Matcher m = Pattern.compile("\r\n" + label + ",(-?[0-9.]+)\r\n").matcher(csv);
        assertThat(m.find()).isTrue();
        return m.group(1).startsWith("-") ? -Yuan.parse(m.group(1).substring(1)) : Yuan.parse(m.group(1));
    }

    /** Each entry of a camt statement as "CRDT|amount|EndToEndId". */
    private static List<String> entries(String camt) {
        Matcher m = Pattern.compile("<Ntry><Amt Ccy=\"CNY\">([0-9.]+)</Amt><CdtDbtInd>(CRDT|DBIT)</CdtDbtInd>.*?"
                + "<EndToEndId>([^<]+)</EndToEndId>").matcher(camt);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(2) + "|" + m.group(1) + "|" + m.group(3));
        }
        return found;
    }

    private static io.restassured.response.ValidatableResponse fault(String body) {
        return given().contentType("application/json").body(body).post("/sim/agent-bank/faults").then();
    }

    private static String credit(String body) {
        return given().contentType("application/json").body(body).post("/sim/agent-bank/credits").then()
                .statusCode(201).extract().path("bankReference");
    }

    /** Σ 商家实收 + Σ 服务费 of the 合计 lines of Alipay's own bill of the date. */
    private static long alipayFileNet(LocalDate date) throws IOException {
        byte[] zip = given().get("/sim/alipay/statements/{date}", date.toString()).then().statusCode(200)
                .extract().asByteArray();
        Charset gbk = Charset.forName("GBK");
        String csv;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), gbk)) {
            in.getNextEntry();
            csv = new String(in.readAllBytes(), gbk);
        }
        Matcher m = Pattern.compile("#(交易|退款)合计：\\d+笔，商家实收：(-?[0-9.]+)元，服务费：(-?[0-9.]+)元").matcher(csv);
        long net = 0;
        int totals = 0;
        while (m.find()) {
            net += signedYuan(m.group(2)) + signedYuan(m.group(3));
            totals++;
        }
        assertThat(totals).isEqualTo(2);
        return net;
    }

    /** 应结订单总金额 − 退款总金额 − 手续费总金额 of the summary line of WeChat Pay's own bill of the date. */
    private long wechatBillNet(LocalDate date) {
        String bill = new String(wechatPay.bill(date).orElseThrow(), StandardCharsets.UTF_8);
        String[] lines = bill.split("\r\n");
        String[] summary = lines[lines.length - 1].replace("`", "").split(",");
        return Yuan.parse(summary[1]) - Yuan.parse(summary[2]) - signedYuan(summary[4]);
    }

    private static long signedYuan(String text) {
        return text.startsWith("-") ? -Yuan.parse(text.substring(1)) : Yuan.parse(text);
    }
}
