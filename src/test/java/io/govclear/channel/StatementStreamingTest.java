package io.govclear.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.ChannelMessages.StatementFile;
import io.govclear.channel.alipay.AlipayChannel;
import io.govclear.channel.wechatpay.WechatPayChannel;
import io.govclear.reconciliation.statement.AlipayStatementParser;
import io.govclear.reconciliation.statement.StatementTotals;
import io.govclear.reconciliation.statement.WechatPayStatementParser;
import io.govclear.support.Simulators;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Alipay and WeChat Pay adapters stream the statement from the HTTP response into a temporary file: a WeChat Pay
 * bill of 200,000 lines (prepared in the simulator's bill folder, served from disk) arrives byte for byte, its SHA1
 * checked from the file; a bill that does not hash to the announced SHA1 is UNKNOWN with the reason and leaves no
 * file behind; the Alipay zip streamed reads as the one downloaded whole.
 */
@QuarkusTest
class StatementStreamingTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int LINES = 200_000;
    // days no other test trades on
    private static final LocalDate BIG_DAY = LocalDate.of(2024, 2, 29);
    private static final LocalDate BAD_HASH_DAY = LocalDate.of(2024, 2, 28);

    @Inject
    WechatPayChannel wechatPay;

    @Inject
    AlipayChannel alipay;


    @Inject
    WechatPayStatementParser parser;

    @Inject
    AlipayStatementParser alipayParser;

    private Path prepared;

    @AfterEach
    void removePrepared() throws IOException {
        if (prepared != null) {
            Files.deleteIfExists(prepared.resolveSibling(prepared.getFileName() + ".sha1"));
            Files.deleteIfExists(prepared);
        }
    }

    @Test
    void a_large_wechat_pay_bill_is_streamed_to_a_file_and_its_sha1_checked() throws IOException {
        prepared = writeBill(BIG_DAY, LINES);

        StatementFile fetched = wechatPay.fetchStatement(BIG_DAY).await().atMost(WAIT);

        try {
            assertThat(fetched.kind()).as(fetched.detail()).isEqualTo(AnswerKind.SUCCESS);
            assertThat(fetched.detail()).isEqualTo("SHA1 " + StatementDownload.sha1Hex(prepared));
            assertThat(Files.size(fetched.file())).isEqualTo(Files.size(prepared)).isGreaterThan(LINES * 100L);
            assertThat(Files.mismatch(fetched.file(), prepared)).isEqualTo(-1L);
            AtomicLong settledFen = new AtomicLong();
            StatementTotals totals;
            try (InputStream in = Files.newInputStream(fetched.file())) {
                totals = parser.parse(in, line -> settledFen.addAndGet(line.amountFen()));
            }
            assertThat(totals.lines()).isEqualTo(LINES);
            assertThat(settledFen.get()).isEqualTo(expectedFen(LINES));
        } finally {
            Files.deleteIfExists(fetched.file());
        }
    }

    @Test
    void a_wechat_pay_bill_that_does_not_match_its_sha1_is_unknown_and_leaves_no_file() throws IOException {
        prepared = writeBill(BAD_HASH_DAY, 1_000);
        String announced = "0".repeat(40);
        Files.writeString(prepared.resolveSibling(prepared.getFileName() + ".sha1"), announced);
        long before = temporaryStatements();

        StatementFile fetched = wechatPay.fetchStatement(BAD_HASH_DAY).await().atMost(WAIT);

        assertThat(fetched.kind()).isEqualTo(AnswerKind.UNKNOWN);
        assertThat(fetched.file()).isNull();
        assertThat(fetched.detail()).contains("does not match its SHA1 " + announced)
                .contains("hashes to " + StatementDownload.sha1Hex(prepared));
        assertThat(temporaryStatements()).isEqualTo(before);
    }

    @Test
    void the_alipay_zip_streamed_is_the_zip_downloaded() throws IOException {
        LocalDate day = LocalDate.of(2024, 2, 27);
        byte[] downloaded = alipay.downloadStatement(day).await().atMost(WAIT);

        StatementFile fetched = alipay.fetchStatement(day).await().atMost(WAIT);

        try {
            assertThat(fetched.kind()).as(fetched.detail()).isEqualTo(AnswerKind.SUCCESS);
            // the simulator renders the zip anew on each call (export time inside): compare what it says
            try (InputStream streamed = Files.newInputStream(fetched.file());
                    InputStream held = new ByteArrayInputStream(downloaded)) {
                assertThat(alipayParser.parse(streamed, line -> { }))
                        .isEqualTo(alipayParser.parse(held, line -> { }));
            }
        } finally {
            Files.deleteIfExists(fetched.file());
        }
    }

    /** A trade bill in WeChat Pay's layout: BOM, header, backticked SUCCESS lines, the summary. */
    private Path writeBill(LocalDate day, int lines) throws IOException {
        Path folder = Simulators.BILLS;
        Files.createDirectories(folder);
        Path bill = folder.resolve(day + ".csv");
        long fees = 0;
        try (OutputStream out = Files.newOutputStream(bill);
                BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            out.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
            writer.write("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
                    + "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,"
                    + "商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n");
            for (int i = 1; i <= lines; i++) {
                long fen = amountFen(i);
                long fee = (fen * 6 + 500) / 1000;
                fees += fee;
                String[] f = { day + " 10:00:00", "wxd678efh567hg6787", "1900000109", "0", "",
                        "42000" + String.format("%015d", i), String.format("SP%014d", i), "oUser", "NATIVE",
                        "SUCCESS", "OTHERS", "CNY", yuan(fen), "0.00", "0", "0", "0.00", "0.00", "", "", "交通罚没",
                        "", yuan(fee), "0.60%", yuan(fen), "0.00", "" };
                writer.write(backticked(f));
            }
            writer.write("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
            String total = yuan(expectedFen(lines));
            writer.write(backticked(new String[] { Integer.toString(lines), total, "0.00", "0.00", yuan(fees), total,
                    "0.00" }));
        }
        return bill;
    }

    private static long amountFen(int i) {
        return 100 + i % 50_000;
    }

    private static long expectedFen(int lines) {
        long sum = 0;
        for (int i = 1; i <= lines; i++) {
            sum += amountFen(i);
        }
        return sum;
    }

    private static String yuan(long fen) {
        return fen / 100 + "." + String.format("%02d", fen % 100);
    }

    private static String backticked(String[] fields) {
        return String.join(",", Arrays.stream(fields).map(f -> "`" + f).toList()) + "\r\n";
    }

    private static long temporaryStatements() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("govclear-statement-")).count();
        }
    }
}
