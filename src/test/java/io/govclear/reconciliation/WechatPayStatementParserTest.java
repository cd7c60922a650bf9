package io.govclear.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.reconciliation.statement.LineKind;
import io.govclear.reconciliation.statement.StatementFormatException;
import io.govclear.reconciliation.statement.StatementLine;
import io.govclear.reconciliation.statement.StatementTotals;
import io.govclear.reconciliation.statement.WechatPayStatementParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WeChat Pay's trade bill (bill_type ALL), written by hand after the real layout: BOM, backticks, summary block. */
class WechatPayStatementParserTest {

    private static final String HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
            + "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,"
            + "商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
    private static final String PAID_1 = "`2026-11-23 10:00:05,`wxd678efh567hg6787,`1900000109,`0,`,"
            + "`4200002026112312345678901234,`GC261123000000000201,`oSim1,`NATIVE,`SUCCESS,`OTHERS,`CNY,`200.00,"
            + "`0.00,`0,`0,`0.00,`0.00,`,`,`杭州交警 罚款,`,`1.20,`0.60%,`200.00,`0.00,`";
    private static final String PAID_2 = "`2026-11-23 11:00:00,`wxd678efh567hg6787,`1900000109,`0,`,"
            + "`4200002026112312345678905678,`GC261123000000000202,`oSim2,`NATIVE,`SUCCESS,`OTHERS,`CNY,`0.01,"
            + "`0.00,`0,`0,`0.00,`0.00,`,`,`学费,`,`0.00,`0.60%,`0.01,`0.00,`";
    private static final String REFUND = "`2026-11-23 15:00:00,`wxd678efh567hg6787,`1900000109,`0,`,"
            + "`4200002026112312345678901234,`GC261123000000000201,`oSim1,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,"
            + "`0.00,`50302026112312345678901234567,`RF261123000002,`20.00,`0.00,`ORIGINAL,`SUCCESS,`杭州交警 罚款,`,"
            + "`-0.12,`0.60%,`0.00,`20.00,`";
    private static final String SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";

    private final WechatPayStatementParser parser = new WechatPayStatementParser();

    private static byte[] bill(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
        out.writeBytes((HEADER + "\r\n" + String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private StatementTotals parse(byte[] file, List<StatementLine> into) throws IOException {
        return parser.parse(new ByteArrayInputStream(file), into::add);
    }

    @Test
    void readsPaymentsAndRefundsAndChecksTheSummary() throws IOException {
        List<StatementLine> lines = new ArrayList<>();
        StatementTotals totals = parse(bill(PAID_1, PAID_2, REFUND, SUMMARY_HEADER,
                "`3,`200.01,`20.00,`0.00,`1.08,`200.01,`20.00"), lines);

        assertThat(lines).extracting(StatementLine::lineNo).containsExactly(2, 3, 4);
        StatementLine paid = lines.get(0);
        assertThat(paid.kind()).isEqualTo(LineKind.PAYMENT);
        assertThat(paid.paymentId()).isEqualTo("GC261123000000000201");
        assertThat(paid.channelTradeNo()).isEqualTo("4200002026112312345678901234");
        assertThat(paid.refundId()).isNull();
        assertThat(paid.amountFen()).isEqualTo(20000);
        assertThat(paid.feeFen()).isEqualTo(120);
        assertThat(paid.completedAt()).isEqualTo(Instant.parse("2026-11-23T02:00:05Z"));
        StatementLine refund = lines.get(2);
        assertThat(refund.kind()).isEqualTo(LineKind.REFUND);
        assertThat(refund.refundId()).isEqualTo("RF261123000002");
        assertThat(refund.amountFen()).isEqualTo(2000);
        assertThat(refund.feeFen()).isEqualTo(-12);
        assertThat(totals).isEqualTo(new StatementTotals(2, 20001, 1, 2000, 108));
    }

    @Test
    void anEmptyFileIsADayWithoutPayments() throws IOException {
        assertThat(parse(new byte[0], new ArrayList<>())).isEqualTo(StatementTotals.EMPTY);
    }

    @Test
    void aFileCutShortHasNoSummaryAndFails() {
        assertThatThrownBy(() -> parse(bill(PAID_1, PAID_2), new ArrayList<>()))
                .isInstanceOf(StatementFormatException.class)
                .hasMessageContaining("without its summary");
    }

    @Test
    void aSummaryThatDoesNotAddUpNamesItsLine() {
        assertThatThrownBy(() -> parse(bill(PAID_1, PAID_2, SUMMARY_HEADER,
                "`2,`200.02,`0.00,`0.00,`1.20,`200.02,`0.00"), new ArrayList<>()))
                .isInstanceOf(StatementFormatException.class)
                .satisfies(e -> assertThat(((StatementFormatException) e).lineNo()).isEqualTo(5))
                .hasMessageContaining("the summary says 2 lines, 20002 fen");
    }

    @Test
    void malformedLinesNameTheirLine() {
        assertThatThrownBy(() -> parse(bill(PAID_1, PAID_2.replace("`NATIVE", "NATIVE")), new ArrayList<>()))
                .hasMessageContaining("line 3").hasMessageContaining("column 9 does not start with a backtick");
        assertThatThrownBy(() -> parse(bill(PAID_1.replace("`200.00,`0.00,`0", "`abc,`0.00,`0")),
                new ArrayList<>())).hasMessageContaining("line 2").hasMessageContaining("应结订单金额");
        assertThatThrownBy(() -> parse(bill(PAID_1, PAID_2.replace("`SUCCESS", "`REVOKED")), new ArrayList<>()))
                .hasMessageContaining("line 3").hasMessageContaining("REVOKED");
        assertThatThrownBy(() -> parse(bill(PAID_1 + ",`extra"), new ArrayList<>()))
                .hasMessageContaining("line 2").hasMessageContaining("28 columns");
        assertThatThrownBy(() -> parse(bill("not,a,header"), new ArrayList<>()))
                .hasMessageContaining("line 2");
    }
}
