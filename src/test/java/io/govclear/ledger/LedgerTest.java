package io.govclear.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Db;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerTest {

    @Inject
    LedgerService ledger;

    @Inject
    Pool pool;

    @Inject
    TestClock clock;

    private Posting payment(String key, long fen) {
        return Posting.builder(key, "PAYMENT", clock.today(), "P-" + key, "test payment")
                .debit(Accounts.channelClearing("ALIPAY"), fen)
                .credit(Accounts.unitPayable("HZ-TRAFFIC"), fen)
                .build();
    }

    private boolean post(Posting posting) {
        return pool.withTransaction(tx -> ledger.post(tx, posting, clock.instant()))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void balancedEntryPostsOnceUnderItsKey() {
        String key = "test:" + UUID.randomUUID();
        assertThat(post(payment(key, 20000))).isTrue();
        assertThat(post(payment(key, 20000))).isFalse();
        assertThat(Db.count("SELECT count(*) FROM journal_entry WHERE idempotency_key = $1", key)).isEqualTo(1);
        List<Posting> history = ledger.history("P-" + key).await().atMost(Duration.ofSeconds(10));
        assertThat(history).hasSize(1);
        assertThat(history.get(0).legs()).extracting(Posting.Leg::account)
                .containsExactly("channel_clearing:ALIPAY", "unit_payable:HZ-TRAFFIC");
    }

    @Test
    void unbalancedEntryIsRefusedInCode() {
        assertThatThrownBy(() -> Posting.builder("k", "X", clock.today(), "r", "d")
                .debit("suspense", 100).credit("unit_payable:ZJU", 99).build())
                .hasMessageContaining("does not balance");
        assertThatThrownBy(() -> Posting.builder("k", "X", clock.today(), "r", "d").debit("suspense", 100).build())
                .hasMessageContaining("two legs");
    }

    @Test
    void unbalancedEntryIsRefusedByTheDatabaseAtCommit() {
        String key = "raw:" + UUID.randomUUID();
        assertThatThrownBy(() -> pool.withTransaction(tx -> tx.query(
                        "INSERT INTO journal_entry (idempotency_key, entry_type, business_date, reference, description,"
                                + " posted_at) VALUES ('" + key + "', 'X', current_date, 'r', 'd', now())").execute()
                        .chain(() -> tx.query("INSERT INTO journal_line (entry_id, line_no, account, debit_fen)"
                                + " SELECT id, 1, 'suspense', 100 FROM journal_entry WHERE idempotency_key = '" + key
                                + "'").execute()))
                .await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("does not balance");
        assertThat(Db.count("SELECT count(*) FROM journal_entry WHERE idempotency_key = $1", key)).isZero();
    }

    @Test
    void journalIsAppendOnly() {
        String key = "test:" + UUID.randomUUID();
        post(payment(key, 100));
        assertThatThrownBy(() -> Db.execute("UPDATE journal_line SET debit_fen = 1 WHERE account = 'nothing'"
                + " OR entry_id = (SELECT id FROM journal_entry WHERE idempotency_key = $1)", key))
                .hasMessageContaining("append-only");
    }

    @Test
    void trialBalanceNeedsStaffAndAlwaysBalances() {
        post(payment("test:" + UUID.randomUUID(), 12345));
        given().get("/api/v1/ledger/trial-balance").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        Staff.withPassword("auditor", "wrong").get("/api/v1/ledger/trial-balance").then()
                .statusCode(401);
        LocalDate today = clock.today();
        Staff.as("auditor")
                .get("/api/v1/ledger/trial-balance?date=" + today).then().statusCode(200)
                .body("date", equalTo(today.toString()))
                .body("balanced", equalTo(true))
                .body("totalDebitFen", equalTo(Staff.as("auditor")
                        .get("/api/v1/ledger/trial-balance?date=" + today).path("totalCreditFen")));
        Staff.as("clerk")
                .get("/api/v1/ledger/trial-balance?date=" + today.minusYears(1)).then().statusCode(200)
                .body("totalDebitFen", equalTo(0));
        Staff.as("clerk")
                .get("/api/v1/ledger/trial-balance?date=yesterday").then().statusCode(400);
    }
}
