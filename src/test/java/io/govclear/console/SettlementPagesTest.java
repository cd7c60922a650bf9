package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.govclear.support.Ledger;
import io.govclear.support.Payments;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Settlement in the console: a clerk prepares the day's batch, a supervisor who did not prepare it confirms it (one
 * who prepared a batch is refused by the server), and the payout file comes from the page.
 */
@QuarkusTest
class SettlementPagesTest {

    @Inject TestClock clock;

    @AfterEach
    void balanced() {
        clock.reset();
        Ledger.assertBalanced();
    }

    @Test
    void aClerkPreparesAndAnotherSupervisorConfirms() {
        clock.reset();
        clock.advance(Duration.ofDays(500));
        LocalDate day = clock.today();
        Payments.payBill(Bills.issueFine(12_300), "ALIPAY");
        long run = Staff.sendingJson("clerk").body("{\"channel\":\"ALIPAY\",\"businessDate\":\"" + day + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(201).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Staff.as("auditor")
                .get("/api/v1/reconciliations/" + run).then().statusCode(200).body("status", equalTo("COMPLETED")));

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        assertThat(clerk.get("/console/settlements?date=" + day).then().statusCode(200).extract().asString())
                .contains("data-test=\"settlement-none\"").contains("data-test=\"prepare\"")
                .contains("data-test=\"nav-settlements\"");
        String prepared = clerk.post("/console/settlements", Map.of("date", day.toString())).then().statusCode(200)
                .extract().asString();
        assertThat(prepared).contains("data-test=\"settlement-notice\"").contains("DRAFT").contains("FINE-TRAFFIC")
                .doesNotContain("data-test=\"confirm\"");
        clerk.post("/console/settlements/" + day + "/confirm", Map.of()).then().statusCode(403);

        // a supervisor who prepared a batch cannot confirm it: the server refuses, not only the page
        String name = Console.newUser("SUPERVISOR", "pw-settle");
        Console supervisor = Console.enrolledAndSignedIn(name, "pw-settle");
        LocalDate before = day.minusDays(1);
        assertThat(supervisor.post("/console/settlements", Map.of("date", before.toString())).then().statusCode(200)
                .extract().asString()).contains("data-test=\"own-batch\"").doesNotContain("data-test=\"confirm\"");
        assertThat(supervisor.post("/console/settlements/" + before + "/confirm", Map.of()).then().statusCode(409)
                .extract().asString()).contains("data-test=\"settlement-error\"");

        String confirmed = supervisor.get("/console/settlements?date=" + day).then().statusCode(200).extract()
                .asString();
        assertThat(confirmed).contains("data-test=\"confirm\"");
        String done = supervisor.post("/console/settlements/" + day + "/confirm", Map.of()).then().statusCode(200)
                .extract().asString();
        assertThat(done).contains("CONFIRMED").contains("clerk / " + name).contains("data-test=\"payout-file\"")
                .contains("data-test=\"settlement-vouchers\"");
        supervisor.post("/console/settlements/" + day + "/confirm", Map.of()).then().statusCode(409);
        String file = clerk.get("/console/settlements/" + day + "/payout-file").then().statusCode(200).extract()
                .asString();
        assertThat(file).startsWith("H|GC" + day.toString().replace("-", "")).contains("|FINE-TRAFFIC|HZ-TRAFFIC|");
    }
}
