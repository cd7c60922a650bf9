package io.govclear.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.bank.Bank;
import io.govclear.support.BankApi;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * One bill, two channels taking the money at the same moment: the payer pays on UnionPay while a teller at an ICBC
 * counter, who queried the bill just before, confirms the cash. Whichever commits first pays the bill; the other is
 * real money recorded as a duplicate payment and queued for refund. Repeated, so both orders of arrival occur.
 */
@QuarkusTest
class MixedChannelsTest {

    @Inject
    TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    @RepeatedTest(4)
    void billPaidOnUnionPayAndAtABankCounterAtOnceIsPaidOnceAndTheOtherIsADuplicate() throws Exception {
        String code = Bills.issueFine(12300);
        String unionPayId = Payments.start(code, "UNIONPAY");
        BankApi icbc = BankApi.as(Bank.ICBC);
        icbc.query(code).then().statusCode(200).body("status", equalTo(0)).body("amountDueFen", equalTo(12300));

        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> online = CompletableFuture.runAsync(() -> {
            waitFor(start);
            Payments.pay("UNIONPAY", unionPayId);
        });
        CompletableFuture<Response> counter = CompletableFuture.supplyAsync(() -> {
            waitFor(start);
            return icbc.confirm(code, 12300, BankApi.serialNo());
        });
        start.countDown();
        online.get();
        Response confirmed = counter.get();
        confirmed.then().statusCode(200);
        String bankPaymentId = confirmed.path("confirmationNo");
        assertThat(bankPaymentId).as("the teller took the cash: a confirmation either way").isNotNull();

        Payments.awaitSucceeded(unionPayId);
        boolean bankFirst = !Boolean.TRUE.equals(confirmed.path("duplicate"));
        given().get("/api/v1/payments/" + bankPaymentId).then().body("status", equalTo("SUCCEEDED"));
        given().get("/api/v1/payments/" + (bankFirst ? unionPayId : bankPaymentId)).then()
                .body("duplicate", equalTo(true));
        assertThat(Bills.status(code)).isEqualTo("PAID");
        assertThat(Db.count("SELECT count(*) FROM payment_order o JOIN payment_attempt a ON a.id = o.paid_attempt_id"
                + " WHERE o.payment_code = $1 AND a.payment_id = $2", code, bankFirst ? bankPaymentId : unionPayId))
                .as("the bill is paid by the first to commit").isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM duplicate_payment d JOIN payment_order o ON o.id = d.order_id"
                + " WHERE o.payment_code = $1 AND d.status = 'QUEUED_FOR_REFUND' AND d.amount_fen = 12300", code))
                .isEqualTo(1);
        assertThat(Ledger.entriesFor(code)).as("one payment, one duplicate").isEqualTo(2);
        assertThat(Db.count("SELECT coalesce(sum(l.credit_fen) - sum(l.debit_fen), 0) FROM journal_line l"
                + " JOIN journal_entry e ON e.id = l.entry_id WHERE e.reference = $1"
                + " AND l.account = 'payer_refundable'", code)).isEqualTo(12300);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
