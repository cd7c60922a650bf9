package io.govclear.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.channel.Channel;
import io.govclear.common.Yuan;
import io.govclear.reconciliation.statement.StatementFormatException;
import io.govclear.reconciliation.statement.StatementLoader;
import io.govclear.reconciliation.statement.StatementTotals;
import io.govclear.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The bulk load itself, at a size where holding the file or one insert per line would show: a 200,000-line WeChat Pay
 * bill written line by line to disk is streamed through the parser into COPY; a bad line near the end leaves nothing.
 */
@QuarkusTest
class StatementLoaderTest {

    private static final int LINES = 200_000;
    private static final String HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
            + "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,"
            + "商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";

    @Inject
    StatementLoader loader;

    private static long run(String date) {
        return Db.count("INSERT INTO reconciliation_run (channel, business_date, status, requested_by, created_at)"
                + " VALUES ('WECHAT_PAY', $1, 'RUNNING', 'test', now()) RETURNING id", LocalDate.parse(date));
    }

    /** A bill of LINES payments of 1.00 to LINES yuan…; {@code badLine} (1-based file line, 0: none) is cut short. */
    private static Path bill(int badLine) throws IOException {
        Path file = Files.createTempFile("wechat-bill-", ".csv");
        long total = 0;
        long fees = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\r\n");
            for (int i = 1; i <= LINES; i++) {
                long fen = 100 + i;
                long fee = fen * 6 / 1000;
                total += fen;
                fees += fee;
                String line = "`2001-01-01 10:00:00,`wx1,`1900000109,`0,`,`42000" + i + ",`GCBENCH" + i
                        + ",`o1,`NATIVE,`SUCCESS,`OTHERS,`CNY,`" + Yuan.format(fen) + ",`0.00,`0,`0,`0.00,`0.00,`,`,`x,`,`"
                        + Yuan.format(fee) + ",`0.60%,`" + Yuan.format(fen) + ",`0.00,`";
                out.write(i + 1 == badLine ? line.substring(0, line.lastIndexOf(',')) : line);
                out.write("\r\n");
            }
            out.write("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
            out.write("`" + LINES + ",`" + Yuan.format(total) + ",`0.00,`0.00,`" + Yuan.format(fees) + ",`"
                    + Yuan.format(total) + ",`0.00\r\n");
        }
        return file;
    }

    @Test
    void aLargeBillIsStreamedIntoCopy() throws Exception {
        long runId = run("2001-01-01");
        Path file = bill(0);
        try {
            StatementTotals totals = loader.load(runId, Channel.WECHAT_PAY, file);
            assertThat(totals.paymentCount()).isEqualTo(LINES);
            assertThat(Db.count("SELECT count(*) FROM statement_line WHERE run_id = $1", runId)).isEqualTo(LINES);
            assertThat(Db.count("SELECT sum(amount_fen) FROM statement_line WHERE run_id = $1", runId))
                    .isEqualTo(totals.paymentFen());
            // loading again replaces, never adds
            loader.load(runId, Channel.WECHAT_PAY, file);
            assertThat(Db.count("SELECT count(*) FROM statement_line WHERE run_id = $1", runId)).isEqualTo(LINES);
        } finally {
            Files.deleteIfExists(file);
            Db.execute("DELETE FROM statement_line WHERE run_id = $1", runId);
        }
    }

    @Test
    void aBadLineNearTheEndLeavesNoLineAtAll() throws Exception {
        long runId = run("2001-01-02");
        Path file = bill(LINES - 10);
        try {
            assertThatThrownBy(() -> loader.load(runId, Channel.WECHAT_PAY, file))
                    .isInstanceOf(StatementFormatException.class)
                    .hasMessageContaining("line " + (LINES - 10));
            assertThat(Db.count("SELECT count(*) FROM statement_line WHERE run_id = $1", runId)).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
