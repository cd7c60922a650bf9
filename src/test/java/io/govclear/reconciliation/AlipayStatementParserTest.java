package io.govclear.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.reconciliation.statement.AlipayStatementParser;
import io.govclear.reconciliation.statement.LineKind;
import io.govclear.reconciliation.statement.StatementFormatException;
import io.govclear.reconciliation.statement.StatementLine;
import io.govclear.reconciliation.statement.StatementTotals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Alipay's 业务明细 bill, written by hand after the real layout: zip, GBK, # comments, 25 columns. */
class AlipayStatementParserTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final String HEADER = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,"
            + "订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
            + "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";
    private static final String TRADE_1 = "2026112322001400000000000001\t,GC261123000000000101\t,交易,杭州交警 罚款,"
            + "2026-11-23 09:59:01,2026-11-23 10:00:05,,,,,139****0000,200.00,200.00,0.00,0.00,0.00,0.00,0.00,,0.00,"
            + "0.00,,-1.20,0.00,";
    private static final String TRADE_2 = "2026112322001400000000000002,GC261123000000000102,交易,学费,"
            + "2026-11-23 23:58:00,2026-11-23 23:59:59,,,,,139****0000,50.05,50.05,0.00,0.00,0.00,0.00,0.00,,0.00,"
            + "0.00,,-0.30,0.00,";
    private static final String REFUND = "2026112322001400000000000001,GC261123000000000101,退款,杭州交警 罚款,"
            + "2026-11-23 09:59:01,2026-11-23 15:00:00,,,,,139****0000,200.00,-20.00,0.00,0.00,0.00,0.00,0.00,,0.00,"
            + "0.00,RF261123000001,0.12,0.00,部分退款";

    private final AlipayStatementParser parser = new AlipayStatementParser();

    private static byte[] bill(String... tableLines) {
        StringBuilder csv = new StringBuilder("#支付宝业务明细查询\n#账号：[2088000000000001]\n"
                + "#起始日期：[2026年11月23日 00:00:00]   终止日期：[2026年11月24日 00:00:00]\n"
                + "#-----------------------------------------业务明细列表----------------------------------------\n");
        csv.append(HEADER).append('\n');
        for (String line : tableLines) {
            csv.append(line).append('\n');
        }
        csv.append("#-----------------------------------------业务明细列表结束------------------------------------\n");
        return zip(csv.toString());
    }

    private static byte[] zip(String csv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, GBK)) {
            zip.putNextEntry(new ZipEntry("2088000000000001_20261123_业务明细(汇总).csv"));
            zip.write("汇总,不是明细\n".getBytes(GBK));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("2088000000000001_20261123_业务明细.csv"));
            zip.write(csv.getBytes(GBK));
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private StatementTotals parse(byte[] file, List<StatementLine> into) throws IOException {
        return parser.parse(new ByteArrayInputStream(file), into::add);
    }

    @Test
    void readsTradesAndRefundsAndChecksTheClosingTotals() throws IOException {
        List<StatementLine> lines = new ArrayList<>();
        StatementTotals totals = parse(bill(TRADE_1, TRADE_2, REFUND, "#-----业务明细列表结束-----",
                "#交易合计：2笔，商家实收：250.05元，服务费：-1.50元", "#退款合计：1笔，商家实收：-20.00元，服务费：0.12元",
                "#导出时间：[2026年11月24日 09:00:00]"), lines);

        assertThat(lines).hasSize(3);
        StatementLine first = lines.get(0);
        assertThat(first.lineNo()).isEqualTo(6);
        assertThat(first.kind()).isEqualTo(LineKind.PAYMENT);
        assertThat(first.paymentId()).as("the tab Alipay pads ids with is trimmed").isEqualTo("GC261123000000000101");
        assertThat(first.channelTradeNo()).isEqualTo("2026112322001400000000000001");
        assertThat(first.amountFen()).isEqualTo(20000);
        assertThat(first.feeFen()).as("a fee charged is positive").isEqualTo(120);
        assertThat(first.completedAt()).isEqualTo(Instant.parse("2026-11-23T02:00:05Z"));
        assertThat(lines.get(1).amountFen()).isEqualTo(5005);
        StatementLine refund = lines.get(2);
        assertThat(refund.kind()).isEqualTo(LineKind.REFUND);
        assertThat(refund.refundId()).isEqualTo("RF261123000001");
        assertThat(refund.amountFen()).isEqualTo(2000);
        assertThat(refund.feeFen()).as("a fee given back is negative").isEqualTo(-12);
        assertThat(totals).isEqualTo(new StatementTotals(2, 25005, 1, 2000, 120 + 30 - 12));
    }

    @Test
    void aClosingTotalThatDoesNotAddUpNamesItsLine() {
        byte[] file = bill(TRADE_1, TRADE_2, "#交易合计：2笔，商家实收：250.06元，服务费：-1.50元");
        assertThatThrownBy(() -> parse(file, new ArrayList<>()))
                .isInstanceOf(StatementFormatException.class)
                .hasMessageContaining("line 8")
                .hasMessageContaining("交易合计");
    }

    @Test
    void aLineWithTooFewColumnsNamesItsLine() {
        String cut = TRADE_2.substring(0, TRADE_2.lastIndexOf(','));
        assertThatThrownBy(() -> parse(bill(TRADE_1, cut), new ArrayList<>()))
                .isInstanceOf(StatementFormatException.class)
                .satisfies(e -> assertThat(((StatementFormatException) e).lineNo()).isEqualTo(7))
                .hasMessageContaining("24 columns");
    }

    @Test
    void aMalformedAmountOrTimeOrTypeNamesItsLine() {
        assertThatThrownBy(() -> parse(bill(TRADE_1.replace("200.00,200.00", "200.00,2O0.00")), new ArrayList<>()))
                .hasMessageContaining("line 6").hasMessageContaining("商家实收");
        assertThatThrownBy(() -> parse(bill(TRADE_1, TRADE_2.replace("2026-11-23 23:59:59", "23/11/2026")),
                new ArrayList<>())).hasMessageContaining("line 7").hasMessageContaining("完成时间");
        assertThatThrownBy(() -> parse(bill(TRADE_1.replace(",交易,", ",转账,")), new ArrayList<>()))
                .hasMessageContaining("line 6").hasMessageContaining("业务类型");
        assertThatThrownBy(() -> parse(bill(TRADE_1.replace("GC261123000000000101\t", "")), new ArrayList<>()))
                .hasMessageContaining("line 6").hasMessageContaining("商户订单号 is empty");
    }

    @Test
    void notAZipOrNoDetailEntryIsAFileError() {
        assertThatThrownBy(() -> parse("支付宝交易号".getBytes(GBK), new ArrayList<>()))
                .isInstanceOf(StatementFormatException.class)
                .satisfies(e -> assertThat(((StatementFormatException) e).lineNo()).isZero());
        assertThatThrownBy(() -> parse(zip("#只有注释\n"), new ArrayList<>()))
                .hasMessageContaining("no header");
    }
}
