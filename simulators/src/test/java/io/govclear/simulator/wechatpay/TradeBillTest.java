package io.govclear.simulator.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trade bill's exact bytes: what reconciliation will parse. */
class TradeBillTest {

    static final TradeBill BILL = new TradeBill(new BigDecimal("0.60"));

    static Instant at(String time) {
        return OffsetDateTime.parse("2026-11-23T" + time + "+08:00").toInstant();
    }

    static SimTrade paid(String outTradeNo, String description, long totalFen, String attach, String time,
            String transactionId) {
        return new SimTrade(outTradeNo, "wxd678efh567hg6787", "1900000109", description, totalFen, "http://n/notify",
                attach, at("08:00:00"), at("23:00:00"), TradeState.SUCCESS, transactionId, "oSim" + outTradeNo,
                at(time), 0);
    }

    @Test
    void billListsPaymentsAndRefundsByTimeWithFeesAndASummary() {
        SimTrade fine = paid("WXBILL0001", "交通罚款, 杭州", 12345, "{\"return_url\":\"http://x/pay/1\"}", "10:15:30",
                "4200002026112300000000000001");
        SimTrade tuition = paid("WXBILL0002", "学费", 750, null, "09:00:00", "4200002026112300000000000002");
        SimRefund refund = new SimRefund("50302026112300000000000000001", "RFWXBILL0001", "WXBILL0001",
                fine.transactionId(), 5000, 12345, "多缴", at("11:00:00"), at("11:00:00"));
        Map<String, SimTrade> trades = Map.of(fine.outTradeNo(), fine, tuition.outTradeNo(), tuition);

        byte[] bytes = BILL.render(List.of(fine, tuition), List.of(refund), trades::get);

        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)).isEqualTo(String.join("\r\n",
                "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
                        + "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,"
                        + "商户数据包,手续费,费率,订单金额,申请退款金额,费率备注",
                "`2026-11-23 09:00:00,`wxd678efh567hg6787,`1900000109,`0,`,`4200002026112300000000000002,"
                        + "`WXBILL0002,`oSimWXBILL0002,`NATIVE,`SUCCESS,`OTHERS,`CNY,`7.50,`0.00,`0,`0,`0.00,`0.00,"
                        + "`,`,`学费,`,`0.05,`0.60%,`7.50,`0.00,`",
                "`2026-11-23 10:15:30,`wxd678efh567hg6787,`1900000109,`0,`,`4200002026112300000000000001,"
                        + "`WXBILL0001,`oSimWXBILL0001,`NATIVE,`SUCCESS,`OTHERS,`CNY,`123.45,`0.00,`0,`0,`0.00,`0.00,"
                        + "`,`,`交通罚款  杭州,`{\"return_url\":\"http://x/pay/1\"},`0.74,`0.60%,`123.45,`0.00,`",
                "`2026-11-23 11:00:00,`wxd678efh567hg6787,`1900000109,`0,`,`4200002026112300000000000001,"
                        + "`WXBILL0001,`oSimWXBILL0001,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,`0.00,"
                        + "`50302026112300000000000000001,`RFWXBILL0001,`50.00,`0.00,`ORIGINAL,`SUCCESS,"
                        + "`交通罚款  杭州,`{\"return_url\":\"http://x/pay/1\"},`-0.30,`0.60%,`0.00,`50.00,`",
                "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
                "`3,`130.95,`50.00,`0.00,`0.49,`130.95,`50.00", ""));
    }

    @Test
    void sameDayGivesTheSameBytesWhateverTheOrderOfTheInput() {
        SimTrade a = paid("WXBILL0003", "a", 100, null, "10:00:00", "4200002026112300000000000003");
        SimTrade b = paid("WXBILL0004", "b", 200, null, "10:00:00", "4200002026112300000000000004");
        Map<String, SimTrade> trades = Map.of(a.outTradeNo(), a, b.outTradeNo(), b);

        assertThat(BILL.render(List.of(a, b), List.of(), trades::get))
                .isEqualTo(BILL.render(List.of(b, a), List.of(), trades::get));
    }

    @ParameterizedTest(name = "{0} fen at {1} % → {2} fen")
    @CsvSource({ "12345, 0.60, 74", "750, 0.60, 5", "83, 0.60, 0", "84, 0.60, 1", "1, 0.60, 0", "10000, 0.38, 38",
            "250, 0.60, 2" })
    void feeIsTheRateOfTheAmountHalfUpToTheFen(long amountFen, String ratePercent, long feeFen) {
        assertThat(new TradeBill(new BigDecimal(ratePercent)).feeFen(amountFen)).isEqualTo(feeFen);
    }
}
