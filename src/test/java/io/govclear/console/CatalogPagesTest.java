package io.govclear.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.support.Console;
import io.govclear.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalog in the console: a clerk proposes a unit, another supervisor approves it, an admin issues its key. */
@QuarkusTest
class CatalogPagesTest {

    private static final Pattern SECRET = Pattern.compile("data-test=\"issued-secret\">([A-Za-z0-9_-]{43})<");

    @Test
    void aUnitIsProposedApprovedAndGivenItsKeyThroughTheConsole() {
        String code = "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase(Locale.ROOT);
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String page = clerk.post("/console/catalog/units", Map.of("code", code, "name", "浙江省测试学院",
                        "regionCode", "330106", "channels", "ALIPAY", "settlementAccount", "1202021209000099999",
                        "reason", "新单位上线"))
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("data-test=\"catalog-notice\"").contains(code);
        long id = Db.count("SELECT id FROM catalog_proposal WHERE subject = $1 AND status = 'PENDING'", code);
        // a clerk sees no approval form; a unit officer sees no catalog at all
        assertThat(page).doesNotContain("data-test=\"approve-" + id + "\"");
        Console.signedIn("officer", "demo-officer").get("/console/catalog").then().statusCode(403);

        Console supervisor = Console.enrolledAndSignedIn(Console.newUser("SUPERVISOR", "pw-sup"), "pw-sup");
        assertThat(supervisor.get("/console/catalog").then().statusCode(200).extract().asString())
                .contains("data-test=\"approve-" + id + "\"");
        supervisor.post("/console/catalog/proposals/" + id + "/approve", Map.of()).then().statusCode(400);
        String approved = supervisor.post("/console/catalog/proposals/" + id + "/approve", Map.of("reason", "资料齐全"))
                .then().statusCode(200).extract().asString();
        assertThat(approved).contains("已批准并生效").contains("data-test=\"unit-" + code + "\"");
        supervisor.post("/console/catalog/proposals/" + id + "/approve", Map.of("reason", "again")).then()
                .statusCode(409);

        Console admin = Console.enrolledAndSignedIn(Console.newUser("ADMIN", "pw-adm"), "pw-adm");
        String issued = admin.post("/console/catalog/units/" + code + "/credentials", Map.of("purpose", "API",
                "reason", "单位接入")).then().statusCode(200).header("Cache-Control", "no-store").extract().asString();
        Matcher secret = SECRET.matcher(issued);
        assertThat(secret.find()).as("the secret is shown once").isTrue();
        String again = admin.get("/console/catalog/units/" + code).then().statusCode(200).extract().asString();
        assertThat(again).doesNotContain(secret.group(1)).contains("data-test=\"key-API-1\"");
        // a clerk's view of the unit has no keys
        assertThat(clerk.get("/console/catalog/units/" + code).then().statusCode(200).extract().asString())
                .doesNotContain("data-test=\"keys\"");
    }

    @Test
    void anItemsNextStandardIsProposedFromItsCurrentOneAndBadNumbersAreRefused() {
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        // the form starts from the item's current version
        String form = clerk.get("/console/catalog/units/ZJ-EXAM?from=EXAM-ACCOUNTING").then().statusCode(200)
                .extract().asString();
        assertThat(form).contains("value=\"EXAM-ACCOUNTING\" readonly").contains("的新标准");
        String tomorrow = java.time.LocalDate.now(io.govclear.common.Clocks.BUSINESS_ZONE).plusDays(400).toString();
        Map<String, String> fields = new java.util.HashMap<>(Map.of("code", "EXAM-ACCOUNTING", "name", "会计考试考务费",
                "category", "EXAM_FEE", "incomeClassification", "1030402", "amountStandard", "FIXED",
                "fixedAmountFen", "abc", "lateFeeRule", "NONE", "destination", "TREASURY", "shareProvinceBp", "10000",
                "effectiveFrom", tomorrow));
        fields.put("reason", "新标准");
        clerk.post("/console/catalog/units/ZJ-EXAM/items", fields).then().statusCode(400);
        fields.put("fixedAmountFen", "9900");
        String done = clerk.post("/console/catalog/units/ZJ-EXAM/items", fields).then().statusCode(200).extract()
                .asString();
        assertThat(done).contains("data-test=\"unit-notice\"");
        long id = Db.count("SELECT id FROM catalog_proposal WHERE subject = 'ZJ-EXAM/EXAM-ACCOUNTING'"
                + " AND status = 'PENDING'");
        String proposal = clerk.get("/console/catalog/proposals/" + id).then().statusCode(200).extract().asString();
        assertThat(proposal).contains("ITEM_VERSION").contains("9900").contains(tomorrow);
        io.govclear.support.Staff.sendingJson("supervisor").body("{\"reason\":\"另议\"}")
                .post("/api/v1/admin/catalog/proposals/" + id + "/reject").then().statusCode(200);
    }

    @Test
    void theUnitListIsSearchedAndPaged() {
        Console clerk = Console.signedIn("clerk", "demo-clerk");
        String found = clerk.get("/console/catalog?q=zju").then().statusCode(200).extract().asString();
        assertThat(found).contains("data-test=\"unit-ZJU\"").doesNotContain("data-test=\"unit-HZ-TRAFFIC\"")
                .contains("共 1 个单位");
        long units = Db.count("SELECT count(*) FROM collecting_unit");
        String all = clerk.get("/console/catalog?page=1").then().statusCode(200).extract().asString();
        assertThat(all).contains("共 " + units + " 个单位");
        assertThat(all.split("data-test=\"unit-", -1).length - 1).isEqualTo((int) Math.min(units, 50));
        // a page past the end, or no page at all, is not an error
        clerk.get("/console/catalog?page=999999").then().statusCode(200);
        clerk.get("/console/catalog?page=abc&q=%25_").then().statusCode(200);
    }
}
