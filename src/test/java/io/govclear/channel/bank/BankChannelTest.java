package io.govclear.channel.bank;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.PaymentChannel;
import io.govclear.support.Bills;
import io.govclear.support.Ledger;
import io.govclear.support.Simulators;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bank adapter against the bank simulator: confirmation query, refunds and the day-end file, signed. */
@QuarkusTest
class BankChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ChannelRegistry channels;

    @Inject
    TestClock clock;

    @AfterEach
    void balanced() {
        Ledger.assertBalanced();
    }

    /** A fine paid at the simulated bank's counter (and reversed there the same day if asked). */
    private JsonPath counterPayment(Bank bank, long amountFen, boolean reverse) {
        String code = Bills.issueFine(amountFen, clock.today().plusDays(3));
        return given().contentType("application/json")
                .body("{\"paymentCode\":\"" + code + "\",\"reverse\":" + reverse + "}")
                .post(Simulators.channel(bank.channel().name()) + "/counter-payments")
                .then().statusCode(200).extract().jsonPath();
    }

    @ParameterizedTest
    @EnumSource(Bank.class)
    void theAdapterQueriesRefundsAndDownloadsTheDayEndFile(Bank bank) {
        PaymentChannel adapter = channels.get(bank.channel());
        assertThat(adapter.channel()).isEqualTo(bank.channel());
        JsonPath paid = counterPayment(bank, 12300, false);
        JsonPath reversed = counterPayment(bank, 4500, true);
        String confirmationNo = paid.getString("confirmationNo");

        TradeStatus status = adapter.query(confirmationNo).await().atMost(WAIT);
        assertThat(status.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(status.amountFen()).isEqualTo(12300);
        assertThat(status.channelTradeNo()).isEqualTo(paid.getString("bankSerialNo"));
        assertThat(adapter.query(reversed.getString("confirmationNo")).await().atMost(WAIT).kind())
                .as("reversed at the bank").isEqualTo(AnswerKind.FAILURE);
        assertThat(adapter.query("GC000000000000000000").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);

        var refund = adapter.refund(new RefundCommand(confirmationNo, "RF-" + confirmationNo, 2300, 12300,
                "overpaid")).await().atMost(WAIT);
        assertThat(refund.kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(adapter.refund(new RefundCommand(confirmationNo, "RF-" + confirmationNo, 2300, 12300, "again"))
                .await().atMost(WAIT).channelRefundNo()).as("the same refund id is the same refund")
                .isEqualTo(refund.channelRefundNo());
        assertThat(adapter.refund(new RefundCommand(confirmationNo, "RF2-" + confirmationNo, 10001, 12300, null))
                .await().atMost(WAIT).kind()).as("more than was paid").isEqualTo(AnswerKind.FAILURE);
        assertThat(adapter.queryRefund(confirmationNo, "RF-" + confirmationNo).await().atMost(WAIT).kind())
                .isEqualTo(AnswerKind.SUCCESS);
        assertThat(adapter.queryRefund(confirmationNo, "RF3-" + confirmationNo).await().atMost(WAIT).kind())
                .isEqualTo(AnswerKind.FAILURE);

        String file = new String(adapter.downloadStatement(clock.today()).await().atMost(WAIT),
                StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(file.split("\n"));
        String[] header = lines.get(0).split("\\|");
        assertThat(header[0]).isEqualTo("H");
        assertThat(header[1]).isEqualTo(bank.name());
        assertThat(header[2]).isEqualTo(clock.today().toString());
        List<String> details = lines.subList(1, lines.size());
        assertThat(Long.parseLong(header[3])).isEqualTo(details.size());
        assertThat(Long.parseLong(header[4]))
                .isEqualTo(details.stream().mapToLong(l -> Long.parseLong(l.split("\\|")[2])).sum());
        assertThat(details).anySatisfy(line -> assertThat(line).startsWith("D|" + paid.getString("paymentCode")
                + "|12300|" + paid.getString("bankSerialNo") + "|" + confirmationNo + "|"));
        assertThat(details).noneMatch(line -> line.contains(reversed.getString("confirmationNo")));
    }

    @ParameterizedTest
    @EnumSource(Bank.class)
    void aCounterChannelCreatesNothingOnline(Bank bank) {
        PaymentChannel adapter = channels.get(Channel.valueOf(bank.channel().name()));
        assertThat(adapter.precreate(new PrecreateCommand("GC2611230000000001", 100, "x", null, null, null))
                .await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(adapter.close("GC2611230000000001").await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);
    }
}
