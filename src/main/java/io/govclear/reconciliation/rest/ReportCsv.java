package io.govclear.reconciliation.rest;

import io.govclear.common.Yuan;
import io.govclear.reconciliation.Discrepancy;
import io.govclear.reconciliation.Run;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The report for finance as CSV: UTF-8 with a byte-order mark (so a spreadsheet reads the Chinese headings right),
 * CRLF, every text field quoted; a text starting with = + - @ gets a leading apostrophe so it is never a formula.
 */
final class ReportCsv {

    private static final String HEADER = "差异编号,类别,状态,商户订单号,退款单号,渠道交易号,平台状态,对账单金额（元）,平台金额（元）,"
            + "挂账金额（元）,处理,处理人,处理时间,说明";

    private ReportCsv() {
    }

    static byte[] render(Run run, List<Discrepancy> discrepancies) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        csv.append("对账批次,").append(run.id()).append(",渠道,").append(run.channel()).append(",业务日期,")
                .append(run.businessDate()).append(",状态,").append(run.status()).append("\r\n");
        csv.append(HEADER).append("\r\n");
        for (Discrepancy d : discrepancies) {
            csv.append(d.id()).append(',');
            text(csv, d.discrepancyClass().name());
            text(csv, d.status().name());
            text(csv, d.paymentId());
            text(csv, d.refundId());
            text(csv, d.channelTradeNo());
            text(csv, d.attemptStatus());
            csv.append(d.statementFen() == null ? "" : Yuan.format(d.statementFen())).append(',');
            csv.append(d.platformFen() == null ? "" : Yuan.format(d.platformFen())).append(',');
            csv.append(Yuan.format(d.suspenseFen())).append(',');
            text(csv, d.resolution());
            text(csv, d.resolvedBy());
            text(csv, d.resolvedAt() == null ? null : d.resolvedAt().toString());
            csv.append(quote(d.detail())).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void text(StringBuilder csv, String value) {
        csv.append(quote(value)).append(',');
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return '"' + safe.replace("\"", "\"\"") + '"';
    }
}
