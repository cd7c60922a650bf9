package io.govclear.channel.alipay;

import static io.govclear.channel.alipay.AlipayFixtures.pay;
import static io.govclear.channel.alipay.AlipayFixtures.paymentId;
import static io.govclear.channel.alipay.AlipayFixtures.precreate;
import static io.govclear.channel.alipay.AlipayFixtures.scan;
import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.common.Clocks;
import io.govclear.support.Simulators;
import io.quarkus.test.junit.QuarkusTest;
import io.govclear.support.TestClock;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter against the simulator, over real HTTP, as the engine uses it. */
@QuarkusTest
class AlipayChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Charset GBK = Charset.forName("GBK");

    @Inject
    AlipayChannel alipay;

    @Inject
    AlipayConfig config;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void paidTradeQueriesAsSuccessWithAmountAndTradeNo() {
        String id = paymentId();
        PrecreateResult created = alipay.precreate(precreate(id, 20050)).await().atMost(WAIT);
        assertThat(created.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(created.payUrl()).endsWith(sim("/sim/alipay/pay/" + id));
        given().get(created.payUrl()).then().statusCode(200).body(containsString("200.50"));

        TradeStatus waiting = alipay.query(id).await().atMost(WAIT);
        assertThat(waiting.kind()).isEqualTo(AnswerKind.WAITING);
        assertThat(waiting.channelStatus()).isEqualTo("WAIT_BUYER_PAY");
        assertThat(waiting.amountFen()).isEqualTo(20050);

        Instant before = Instant.now().minusSeconds(1);
        String tradeNo = pay(id, "{\"outcome\":\"SUCCESS\",\"notify\":\"DROP\"}").then().statusCode(200)
                .body("tradeStatus", equalTo("TRADE_SUCCESS"))
                .extract().path("tradeNo");
        assertThat(tradeNo).matches("\\d{28}");

        TradeStatus paid = alipay.query(id).await().atMost(WAIT);
        assertThat(paid.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(paid.channelStatus()).isEqualTo("TRADE_SUCCESS");
        assertThat(paid.channelTradeNo()).isEqualTo(tradeNo);
        assertThat(paid.amountFen()).isEqualTo(20050);
        assertThat(paid.paidAt()).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void precreateIsIdempotentForTheSameAmountAndRefusesAnother() {
        String id = paymentId();
        PrecreateResult first = alipay.precreate(precreate(id, 5000)).await().atMost(WAIT);
        PrecreateResult again = alipay.precreate(precreate(id, 5000)).await().atMost(WAIT);
        assertThat(again.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(again.payUrl()).isEqualTo(first.payUrl());

        PrecreateResult otherAmount = alipay.precreate(precreate(id, 5001)).await().atMost(WAIT);
        assertThat(otherAmount.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(otherAmount.detail()).contains("ACQ.CONTEXT_INCONSISTENT");
    }

    @Test
    void precreateOfAPaidTradeIsRefused() {
        String id = paymentId();
        alipay.precreate(precreate(id, 5000)).await().atMost(WAIT);
        pay(id, "{\"notify\":\"DROP\"}").then().statusCode(200);
        PrecreateResult again = alipay.precreate(precreate(id, 5000)).await().atMost(WAIT);
        assertThat(again.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(again.detail()).contains("ACQ.TRADE_HAS_SUCCESS");
    }

    @Test
    void precreatedTradeExistsOnlyOnceScannedAndClosedCannotBePaid() {
        String id = paymentId();
        alipay.precreate(precreate(id, 1000)).await().atMost(WAIT);
        // Alipay knows a precreated QR trade only once the payer scans the code: until then it is waiting, not failed
        TradeStatus unscanned = alipay.query(id).await().atMost(WAIT);
        assertThat(unscanned.kind()).isEqualTo(AnswerKind.WAITING);
        assertThat(unscanned.detail()).contains("ACQ.TRADE_NOT_EXIST");
        scan(id);
        TradeStatus scanned = alipay.query(id).await().atMost(WAIT);
        assertThat(scanned.kind()).isEqualTo(AnswerKind.WAITING);
        assertThat(scanned.channelStatus()).isEqualTo("WAIT_BUYER_PAY");

        TradeStatus closed = alipay.close(id).await().atMost(WAIT);
        assertThat(closed.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(closed.channelStatus()).isEqualTo("TRADE_CLOSED");
        assertThat(alipay.close(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);

        TradeStatus queried = alipay.query(id).await().atMost(WAIT);
        assertThat(queried.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(queried.channelStatus()).isEqualTo("TRADE_CLOSED");
        pay(id, "{}").then().statusCode(409).body("code", equalTo("TRADE_NOT_PAYABLE"));
    }

    @Test
    void closingAPaidTradeFails() {
        String id = paymentId();
        alipay.precreate(precreate(id, 1000)).await().atMost(WAIT);
        pay(id, "{\"notify\":\"DROP\"}").then().statusCode(200);

        TradeStatus close = alipay.close(id).await().atMost(WAIT);
        assertThat(close.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(close.detail()).contains("ACQ.TRADE_STATUS_ERROR");
        assertThat(alipay.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void unpaidTradePastItsTimeoutIsClosed() {
        String id = paymentId();
        alipay.precreate(new PrecreateCommand(id, 1000, "short", clock.instant().plus(Duration.ofMinutes(10)), null,
                null)).await().atMost(WAIT);
        scan(id);
        // timeout_express is in whole minutes, rounded down (9m here) so Alipay never outlives our attempt
        clock.advance(Duration.ofMinutes(8));
        assertThat(alipay.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.WAITING);
        clock.advance(Duration.ofMinutes(1));
        TradeStatus expired = alipay.query(id).await().atMost(WAIT);
        assertThat(expired.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(expired.channelStatus()).isEqualTo("TRADE_CLOSED");
        pay(id, "{}").then().statusCode(409);
    }

    @Test
    void codeNobodyScannedBeforeItExpiredCanNoLongerBePaid() {
        String id = paymentId();
        alipay.precreate(new PrecreateCommand(id, 1000, "short", clock.instant().plus(Duration.ofMinutes(10)), null,
                null)).await().atMost(WAIT);
        clock.advance(Duration.ofMinutes(9));
        // never scanned: Alipay still has no such trade, and the expired code cannot be paid any more
        TradeStatus queried = alipay.query(id).await().atMost(WAIT);
        assertThat(queried.kind()).isEqualTo(AnswerKind.WAITING);
        assertThat(queried.channelStatus()).isEqualTo("NOT_SCANNED");
        assertThat(alipay.close(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
        pay(id, "{}").then().statusCode(409);
    }

    @Test
    void tradeAlipayNeverHeardOfIsWaitingAndClosesAsNeverScanned() {
        String id = paymentId();
        TradeStatus status = alipay.query(id).await().atMost(WAIT);
        assertThat(status.kind()).isEqualTo(AnswerKind.WAITING);
        assertThat(status.channelStatus()).isEqualTo("NOT_SCANNED");
        assertThat(status.detail()).contains("ACQ.TRADE_NOT_EXIST");
        TradeStatus closed = alipay.close(id).await().atMost(WAIT);
        assertThat(closed.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(closed.channelStatus()).isEqualTo("NOT_SCANNED");
        pay(id, "{}").then().statusCode(404).body("code", equalTo("TRADE_NOT_FOUND"));
    }

    @Test
    void partialThenFullRefundIsQueryableAndClosesTheTrade() {
        String id = paymentId();
        alipay.precreate(precreate(id, 10000)).await().atMost(WAIT);
        String tradeNo = pay(id, "{\"notify\":\"DROP\"}").then().statusCode(200).extract().path("tradeNo");

        RefundStatus first = alipay.refund(new RefundCommand(id, id + "_R1", 3000, 10000, "部分退款"))
                .await().atMost(WAIT);
        assertThat(first.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(first.channelRefundNo()).isEqualTo(tradeNo);
        // The same out_request_no again is the same refund, not a second one
        assertThat(alipay.refund(new RefundCommand(id, id + "_R1", 3000, 10000, "部分退款")).await().atMost(WAIT)
                .kind()).isEqualTo(AnswerKind.SUCCESS);
        RefundStatus tooMuch = alipay.refund(new RefundCommand(id, id + "_R2", 7001, 10000, "too much"))
                .await().atMost(WAIT);
        assertThat(tooMuch.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(tooMuch.detail()).contains("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
        assertThat(alipay.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);

        assertThat(alipay.refund(new RefundCommand(id, id + "_R2", 7000, 10000, "rest")).await().atMost(WAIT)
                .kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(alipay.queryRefund(id, id + "_R1").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(alipay.queryRefund(id, id + "_R2").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(alipay.queryRefund(id, id + "_R3").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);

        TradeStatus refunded = alipay.query(id).await().atMost(WAIT);
        assertThat(refunded.channelStatus()).isEqualTo("TRADE_CLOSED");
        assertThat(refunded.amountFen()).isEqualTo(10000);
        assertThat(alipay.refund(new RefundCommand(id, id + "_R3", 1, 10000, "none left")).await().atMost(WAIT)
                .kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void refundOfAnUnpaidTradeIsRefused() {
        String id = paymentId();
        alipay.precreate(precreate(id, 1000)).await().atMost(WAIT);
        assertThat(alipay.refund(new RefundCommand(id, id + "_R0", 1000, 1000, "x")).await().atMost(WAIT).detail())
                .contains("ACQ.TRADE_NOT_EXIST");
        scan(id);
        RefundStatus refund = alipay.refund(new RefundCommand(id, id + "_R1", 1000, 1000, "x")).await().atMost(WAIT);
        assertThat(refund.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(refund.detail()).contains("ACQ.TRADE_STATUS_ERROR");
    }

    @Test
    void statementListsTradesAndRefundsInAlipaysGbkFormat() throws IOException {
        String paidId = paymentId();
        String refundedId = paymentId();
        alipay.precreate(precreate(paidId, 2000)).await().atMost(WAIT);
        alipay.precreate(precreate(refundedId, 10001)).await().atMost(WAIT);
        String paidTradeNo = pay(paidId, "{\"notify\":\"DROP\"}").then().statusCode(200).extract().path("tradeNo");
        String refundedTradeNo = pay(refundedId, "{\"notify\":\"DROP\"}").then().extract().path("tradeNo");
        alipay.refund(new RefundCommand(refundedId, refundedId + "_R1", 2500, 10001, "退款,原因")).await().atMost(WAIT);
        alipay.refund(new RefundCommand(refundedId, refundedId + "_R2", 7501, 10001, "")).await().atMost(WAIT);
        LocalDate today = LocalDate.now(Clocks.BUSINESS_ZONE);

        byte[] zip = alipay.downloadStatement(today).await().atMost(WAIT);

        String pid = config.sellerId().orElseThrow();
        List<String> lines;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), GBK)) {
            ZipEntry entry = in.getNextEntry();
            assertThat(entry.getName()).isEqualTo(pid + "_" + today.toString().replace("-", "") + "_业务明细.csv");
            lines = new String(in.readAllBytes(), GBK).lines().toList();
            assertThat(in.getNextEntry()).isNull();
        }
        assertThat(lines.get(0)).isEqualTo("#支付宝业务明细查询");
        assertThat(lines.get(1)).isEqualTo("#账号：[" + pid + "]");
        List<String> header = Arrays.asList(lines.get(4).split(",", -1));
        assertThat(header).containsExactly("支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号",
                "门店名称", "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）",
                "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）",
                "分润（元）", "备注");
        assertThat(lines.get(lines.size() - 1)).startsWith("#导出时间：[");
        assertThat(lines.stream().filter(l -> !l.startsWith("#")).allMatch(l -> l.split(",", -1).length == 25))
                .isTrue();

        // 20.00 × 0.6 % = 0.12
        List<String> paid = fields(lines, paidId, "交易");
        assertThat(paid.get(0)).isEqualTo(paidTradeNo);
        assertThat(paid.get(3)).isEqualTo("交通违法罚款 " + paidId);
        assertThat(paid.subList(11, 13)).containsExactly("20.00", "20.00");
        assertThat(paid.get(21)).isEmpty();
        assertThat(paid.get(22)).isEqualTo("-0.12");

        // 100.01 × 0.6 % = 0.60006 → 0.60; 25.00 × 0.6 % = 0.15 back, and the rest (0.45) with the last refund
        assertThat(fields(lines, refundedId, "交易").subList(11, 13)).containsExactly("100.01", "100.01");
        assertThat(fields(lines, refundedId, "交易").get(22)).isEqualTo("-0.60");
        List<String> firstRefund = lines.stream().filter(l -> l.contains(refundedId + "_R1"))
                .map(l -> Arrays.asList(l.split(",", -1))).findFirst().orElseThrow();
        assertThat(firstRefund.get(0)).isEqualTo(refundedTradeNo);
        assertThat(firstRefund.get(2)).isEqualTo("退款");
        assertThat(firstRefund.subList(11, 13)).containsExactly("100.01", "-25.00");
        assertThat(firstRefund.get(22)).isEqualTo("0.15");
        assertThat(firstRefund.get(24)).isEqualTo("退款，原因");
        List<String> lastRefund = lines.stream().filter(l -> l.contains(refundedId + "_R2"))
                .map(l -> Arrays.asList(l.split(",", -1))).findFirst().orElseThrow();
        assertThat(lastRefund.get(12)).isEqualTo("-75.01");
        assertThat(lastRefund.get(22)).isEqualTo("0.45");

        byte[] direct = given().get(sim("/sim/alipay/statements/{date}"), today.toString()).then()
                .statusCode(200)
                .contentType("application/zip").extract().asByteArray();
        assertThat(direct).isNotEmpty();
    }

    @Test
    void statementOfAFutureDateIsNotAvailable() {
        LocalDate tomorrow = LocalDate.now(Clocks.BUSINESS_ZONE).plusDays(1);
        assertThat(alipay.downloadStatement(tomorrow).onFailure().recoverWithItem(e -> e.getMessage().getBytes())
                .await().atMost(WAIT)).asString().contains("isp.bill_not_exist");
        given().get(sim("/sim/alipay/statements/{date}"), tomorrow.toString()).then().statusCode(404);
        given().get(sim("/sim/alipay/statements/yesterday")).then().statusCode(400);
    }

    private static List<String> fields(List<String> lines, String outTradeNo, String type) {
        return lines.stream()
                .map(l -> Arrays.asList(l.split(",", -1)))
                .filter(f -> f.size() == 25 && f.get(1).equals(outTradeNo) && f.get(2).equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " line for " + outTradeNo + " in " + lines));
    }
}
