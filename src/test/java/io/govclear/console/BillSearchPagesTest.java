package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The console's bill search: filters, masked payers, and a UNIT_OFFICER who never sees another unit's bill. */
@QuarkusTest
class BillSearchPagesTest {

    private static final String EXAM_LINE = "[{\"itemCode\":\"EXAM-CIVIL\",\"amountFen\":10000}]";

    @Test
    void aClerkFindsABillByItsCodeOrItsPayerAndSeesThePayerMasked() {
        String fine = Bills.issueFine(12_345);
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String page = clerk.get("/console/bills?paymentCode=" + fine).then().statusCode(200).extract().asString();
        assertThat(page).contains("data-test=\"bill-" + fine + "\"").contains("123.45").contains("UNPAID")
                .contains("HZ-TRAFFIC").doesNotContain(Bills.ID_NUMBER).doesNotContain(Bills.PHONE);
        assertThat(page.split("data-test=\"bill-", -1)).hasSize(2);

        // the payer's full ID number finds their bills through the keyed hash; the page shows it masked only
        String byPayer = clerk.get("/console/bills?payerId=" + Bills.ID_NUMBER + "&minYuan=123.45&maxYuan=123.45")
                .then().statusCode(200).extract().asString();
        assertThat(byPayer).contains("bill-" + fine).doesNotContain(">" + Bills.ID_NUMBER + "<");
        clerk.get("/console/bills?paymentCode=" + fine + "&status=PAID").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("bill-" + fine)));
    }

    @Test
    void aUnitOfficerSeesOnlyTheirUnitsBillsWhateverTheyAskFor() {
        String traffic = Bills.issueFine(2_000);
        String exam = Bills.issue("ZJ-EXAM", EXAM_LINE);
        Console officer = Console.signedIn("officer", "demo-officer");
        officer.get("/console/bills?paymentCode=" + traffic).then().statusCode(200)
                .body(containsString("bill-" + traffic));
        officer.get("/console/bills?paymentCode=" + exam).then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("bill-" + exam)));
        String asked = officer.get("/console/bills?unit=ZJ-EXAM").then().statusCode(200).extract().asString();
        assertThat(asked).doesNotContain("data-test=\"bill-").doesNotContain("<option value=\"ZJ-EXAM\"");
        String all = officer.get("/console/bills").then().statusCode(200).extract().asString();
        assertThat(all).doesNotContain("ZJ-EXAM").contains("HZ-TRAFFIC");

        Console clerk = Console.signedIn("clerk", "demo-clerk");
        clerk.get("/console/bills?paymentCode=" + exam).then().statusCode(200).body(containsString("bill-" + exam));
    }

    @Test
    void theExportHoldsEveryBillTheSearchFindsMaskedAndIsAudited() {
        String orderPrefix = "T-";
        for (int i = 0; i < 3; i++) {
            Bills.issueFine(777);
        }
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        byte[] csv = clerk.get("/console/bills.csv?minYuan=7.77&maxYuan=7.77&payerId=" + Bills.ID_NUMBER).then()
                .statusCode(200).contentType("text/csv; charset=UTF-8").extract().asByteArray();
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String[] lines = new String(csv, java.nio.charset.StandardCharsets.UTF_8).substring(1).split("\n");
        assertThat(lines[0]).startsWith("缴款码,执收单位,单位订单号,状态");
        assertThat(lines.length - 1).isEqualTo(io.govclear.support.Db.count(
                "SELECT count(*) FROM payment_order WHERE principal_fen = 777")).isGreaterThanOrEqualTo(3);
        assertThat(String.join("\n", lines)).doesNotContain(Bills.ID_NUMBER).doesNotContain(Bills.PHONE)
                .contains(orderPrefix);
        String logged = io.govclear.support.Db.one("SELECT details::text AS d FROM audit_event WHERE actor = 'clerk'"
                + " AND action = 'BILLS_EXPORTED' ORDER BY id DESC LIMIT 1").getString("d");
        assertThat(logged).contains("7.77").doesNotContain(Bills.ID_NUMBER);

        String exam = Bills.issue("ZJ-EXAM", EXAM_LINE);
        String officers = new String(Console.signedIn("officer", "demo-officer").get("/console/bills.csv").then()
                .statusCode(200).extract().asByteArray(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(officers).doesNotContain(exam).doesNotContain("ZJ-EXAM").contains("HZ-TRAFFIC");
    }

    @Test
    void aClerkSavesTheMorningsFilterAndUsesItAgain() {
        String user = Console.newUser("CLERK", "pw-clerk");
        Console clerk = Console.signedIn(user, "pw-clerk");
        clerk.get("/console/bills?status=UNPAID&unit=HZ-TRAFFIC").then().statusCode(200);
        assertThat(Console.location(clerk.post("/console/saved-filters", java.util.Map.of("name", "交警未缴",
                "query", "unit=HZ-TRAFFIC&status=UNPAID")))).isEqualTo("/console/bills?unit=HZ-TRAFFIC&status=UNPAID");
        String page = clerk.get("/console/bills").then().statusCode(200).extract().asString();
        assertThat(page).contains("href=\"/console/bills?unit=HZ-TRAFFIC&amp;status=UNPAID\" data-test=\"saved-交警未缴\"");
        // not a query string of ours: refused, nothing stored
        clerk.post("/console/saved-filters", java.util.Map.of("name", "bad", "query", "x=<script>"))
                .then().statusCode(400);
        assertThat(io.govclear.support.Db.count("SELECT count(*) FROM staff_saved_filter WHERE username = $1", user))
                .isOne();
        // another person sees none of them, and cannot delete them
        Console other = Console.signedIn("clerk", "demo-clerk");
        long id = io.govclear.support.Db.count("SELECT id FROM staff_saved_filter WHERE username = $1", user);
        assertThat(other.get("/console/bills").then().extract().asString()).doesNotContain("交警未缴");
        other.post("/console/saved-filters/" + id + "/delete", java.util.Map.of()).then().statusCode(303);
        assertThat(io.govclear.support.Db.count("SELECT count(*) FROM staff_saved_filter WHERE username = $1", user))
                .isOne();
        clerk.post("/console/saved-filters/" + id + "/delete", java.util.Map.of()).then().statusCode(303);
        assertThat(io.govclear.support.Db.count("SELECT count(*) FROM staff_saved_filter WHERE username = $1", user))
                .isZero();
    }

    @Test
    void aBadFilterIsShownNotGuessed() {
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        clerk.get("/console/bills?issuedFrom=2026-02-30").then().statusCode(400).body(containsString("yyyy-MM-dd"));
        clerk.get("/console/bills?minYuan=1e3").then().statusCode(400).body(containsString("yuan"));
        clerk.get("/console/bills?status=paid").then().statusCode(400);
        clerk.get("/console/bills?page=0").then().statusCode(400);
    }
}
