package io.govclear.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govclear.common.Yuan;
import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Payments;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's figures equal what the database holds, for everyone and for a UNIT_OFFICER's units. */
@QuarkusTest
class DashboardPageTest {

    private static final Pattern TODAY = Pattern.compile("data-test=\"collected-0\">实收 <span class=\"value\">([0-9.]+)</span>");
    private static final Pattern TODAY_COUNT = Pattern.compile("data-test=\"count-0\">([0-9]+)<");

    /** Collected today, in fen, from the payments themselves (what the dashboard must show). */
    private static long collectedToday(String unitCode) {
        return today("coalesce(sum(a.amount_fen), 0)", unitCode);
    }

    private static long paidToday(String unitCode) {
        return today("count(*)", unitCode);
    }

    /** {@code aggregate} over today's payments of the bills (of one unit, or all when null), from the payments. */
    private static long today(String aggregate, String unitCode) {
        return Db.count("SELECT " + aggregate + " FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id"
                + " JOIN collecting_unit u ON u.id = o.unit_id WHERE a.status = 'SUCCEEDED' AND NOT a.duplicate"
                + " AND (a.paid_at AT TIME ZONE 'Asia/Shanghai')::date = $1 AND ($2::text IS NULL OR u.code = $2)",
                Bills.today(), unitCode);
    }

    @Test
    void todaysFiguresEqualThePaymentsInTheDatabase() {
        Payments.payBill(Bills.issueFine(4_321), "ALIPAY");
        Payments.payBill(Bills.issue("ZJ-EXAM", "[{\"itemCode\":\"EXAM-CIVIL\",\"amountFen\":10000}]"), "WECHAT_PAY");
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String page = clerk.get("/console").then().statusCode(200).extract().asString();
            assertThat(Yuan.parse(find(TODAY, page))).isEqualTo(collectedToday(null));
            assertThat(Long.parseLong(find(TODAY_COUNT, page))).isEqualTo(paidToday(null));
            assertThat(page).contains("data-test=\"channel-ALIPAY\"").contains("data-test=\"category-FINE\"")
                    .containsPattern("data-test=\"delay-ALIPAY\">[0-9]+\\.[0-9] 秒<")
                    .contains("data-test=\"category-EXAM_FEE\"").contains("id=\"trend-data\"");
        });
    }

    @Test
    void aUnitOfficerSeesTheirUnitsFiguresOnly() {
        Payments.payBill(Bills.issueFine(1_234), "ALIPAY");
        Payments.payBill(Bills.issue("ZJ-EXAM", "[{\"itemCode\":\"EXAM-CIVIL\",\"amountFen\":10000}]"), "ALIPAY");
        Console officer = Console.signedIn("officer", "demo-officer");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String page = officer.get("/console").then().statusCode(200).extract().asString();
            assertThat(Yuan.parse(find(TODAY, page))).isEqualTo(collectedToday(Bills.TRAFFIC))
                    .isLessThan(collectedToday(null));
            assertThat(page).doesNotContain("EXAM_FEE").doesNotContain("data-test=\"approvals\"");
        });
    }

    @Test
    void theChartLibraryIsServedByTheEngine() {
        given().get("/webjars/echarts/5.3.1/dist/echarts.min.js").then().statusCode(200);
        given().get("/console/assets/dashboard.js").then().statusCode(200);
    }

    private static String find(Pattern pattern, String page) {
        Matcher m = pattern.matcher(page);
        assertThat(m.find()).as("%s on the dashboard", pattern).isTrue();
        return m.group(1);
    }
}
