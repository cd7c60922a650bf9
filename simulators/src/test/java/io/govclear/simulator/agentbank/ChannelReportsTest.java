package io.govclear.simulator.agentbank;

import static io.govclear.simulator.agentbank.Activity.camt;
import static io.govclear.simulator.agentbank.Activity.live;
import static io.govclear.simulator.agentbank.Activity.pay;
import static io.govclear.simulator.agentbank.Activity.settled;
import static io.govclear.simulator.agentbank.SettlingChannel.ALIPAY;
import static io.govclear.simulator.agentbank.SettlingChannel.UNIONPAY;
import static io.govclear.simulator.agentbank.SettlingChannel.WECHAT_PAY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each channel's own settlement report, as the real channel sends it, against the agent bank's credit: WeChat Pay's
 * fund-flow bill and Alipay's account log show the withdrawal the bank credits that day; UnionPay's ZM file's
 * 结算金额 add up to its gross credit.
 */
@QuarkusTest
class ChannelReportsTest {

    static final LocalDate T = LocalDate.of(2031, 3, 10);

    @Inject
    WechatPaySimulator wechatPay;
    @Inject
    UnionPaySimulator unionPay;
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
    void wechatPaysFundFlowWithdrawsWhatTheBankCredits() {
        String trade = pay(WECHAT_PAY, T, 20_000);
        pay(WECHAT_PAY, T, 750);
        wechatPay.refund(new WechatPaySimulator.RefundOrder(trade, "RFW2", "多缴", 5_000, 20_000));

        List<String[]> day = fundFlow(T);
        live(T.plusDays(1));
        List<String[]> next = fundFlow(T.plusDays(1));

        // 20000 + 750 − 5000 − fees (120 + 5 − 30)
        assertThat(camt(T.plusDays(1))).isEqualTo(EngineLayout.camt053(T.plusDays(1), 0,
                List.of(settled(WECHAT_PAY, T, T.plusDays(1), 15_655))));
        assertThat(day).extracting(f -> f[3] + "|" + f[5] + "|" + f[6]).containsExactlyInAnyOrder(
                "交易|收入|200.00", "扣除交易手续费|支出|1.20", "交易|收入|7.50", "扣除交易手续费|支出|0.05",
                "退款|支出|50.00", "退还交易手续费|收入|0.30");
        assertThat(day.get(day.size() - 1)[7]).isEqualTo("156.55");
        assertThat(next).hasSize(1);
        assertThat(next.get(0)).containsSequence("提现", "自动提现", "支出", "156.55", "0.00");
        assertThat(next.get(0)[10]).isEqualTo("STL-WECHAT_PAY-20310310");
        String summary = summary(T.plusDays(1));
        assertThat(summary).isEqualTo("`1,`0,`0.00,`1,`156.55");
        // the API is the merchant's: unsigned, it is refused
        given().queryParam("bill_date", T.toString()).get("/sim/wechat-pay/v3/bill/fundflowbill").then()
                .statusCode(401);
    }

    @Test
    void alipaysAccountLogWithdrawsWhatTheBankCredits() throws IOException {
        pay(ALIPAY, T, 10_000);
        pay(ALIPAY, T, 3_333);

        live(T.plusDays(1));
        List<String[]> log = accountLog(T.plusDays(1));
        List<String[]> day = accountLog(T);

        // 10000 + 3333 − fees (60 + 20)
        assertThat(camt(T.plusDays(1))).isEqualTo(EngineLayout.camt053(T.plusDays(1), 0,
                List.of(settled(ALIPAY, T, T.plusDays(1), 13_253))));
        assertThat(day).extracting(f -> f[10] + "|" + f[6] + f[7]).containsExactlyInAnyOrder(
                "在线支付|+100.00", "收费|-0.60", "在线支付|+33.33", "收费|-0.20");
        assertThat(day.get(day.size() - 1)[8]).isEqualTo("132.53");
        assertThat(log).hasSize(1);
        assertThat(log.get(0)[2]).isEqualTo("STL-ALIPAY-20310310");
        assertThat(log.get(0)[7]).isEqualTo("-132.53");
        assertThat(log.get(0)[8]).isEqualTo("0.00");
        assertThat(log.get(0)[10]).isEqualTo("提现");
    }

    @Test
    void unionPaysZmFileSettlesWhatTheBankCredits() {
        String consume = pay(UNIONPAY, T, 30_000);
        pay(UNIONPAY, T, 1_234);
        UnionPayRefunds.refund(unionPay, clock, consume, 10_000);

        String zm = given().get("/sim/unionpay/statements/{date}", T.toString()).then().statusCode(200).extract()
                .asString();
        long settled = Arrays.stream(zm.split("\r\n")).mapToLong(record -> {
            // 结算金额: the 17th field, 13 wide (a sign letter, 12 digits of fen), after 16 fields and their spaces
            String amount = record.substring(180, 193);
            return (amount.charAt(0) == 'C' ? 1 : -1) * Long.parseLong(amount.substring(1));
        }).sum();
        live(T.plusDays(1));

        assertThat(settled).isEqualTo(21_234);
        assertThat(camt(T.plusDays(1))).isEqualTo(EngineLayout.camt053(T.plusDays(1), 0,
                List.of(settled(UNIONPAY, T, T.plusDays(1), settled))));
    }

    /** The detail lines of the fund-flow bill, fields without their backticks. */
    private List<String[]> fundFlow(LocalDate date) {
        String[] lines = bill(date).split("\r\n");
        return Arrays.stream(lines, 1, lines.length - 2).map(line -> line.replace("`", "").split(",", -1)).toList();
    }

    private String summary(LocalDate date) {
        String[] lines = bill(date).split("\r\n");
        return lines[lines.length - 1];
    }

    private String bill(LocalDate date) {
        byte[] bytes = wechatPay.fundFlowBill(date).orElseThrow();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    }

    /** The table lines of Alipay's account log of a date. */
    private static List<String[]> accountLog(LocalDate date) throws IOException {
        byte[] zip = given().queryParam("bill_type", "signcustomer").get("/sim/alipay/statements/{date}",
                date.toString()).then().statusCode(200).extract().asByteArray();
        Charset gbk = Charset.forName("GBK");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), gbk)) {
            ZipEntry entry = in.getNextEntry();
            assertThat(entry.getName()).isEqualTo("2088000000000001_" + Activity.DAY.format(date) + "_账务明细.csv");
            String[] lines = new String(in.readAllBytes(), gbk).split("\n");
            assertThat(lines[4]).startsWith("账务流水号,业务流水号,商户订单号");
            return Arrays.stream(lines).skip(5).filter(line -> !line.startsWith("#"))
                    .map(line -> line.split(",", -1)).toList();
        }
    }

}
