package io.govclear.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govclear.common.Yuan;
import io.govclear.security.Totp;
import io.govclear.support.Bills;
import io.govclear.support.Browser;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Payments;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.CDI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser (Debian's Chromium, headless): sign-in with a wrong password, lockout and TOTP; the
 * dashboard's figure against the database; a search with filters; the CSV of a search row by row; the story of a
 * bill paid with a dropped notify and partly refunded; a UNIT_OFFICER who never sees another unit's bill. Each page
 * is saved under target/screenshots.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final String EXAM_LINE = "[{\"itemCode\":\"EXAM-CIVIL\",\"amountFen\":10000}]";

    @Test
    void signInWrongPasswordLockoutAndASecondFactor() {
        String clerk = Console.newUser("CLERK", "pw-clerk-1");
        String supervisor = Console.newUser("SUPERVISOR", "pw-sup-1");
        try (Browser browser = Browser.open()) {
            browser.go("/console").at("/console/login").screenshot("login");
            signIn(browser, clerk, "not-it");
            assertThat(browser.testId("sign-in-error").getText()).contains("用户名或密码错误");
            browser.screenshot("login-wrong-password");
            for (int i = 0; i < 4; i++) {
                // each failure answered before the next (a new navigation would cancel a post still in flight)
                signIn(browser, clerk, "not-it-" + i);
                browser.testId("sign-in-error");
            }
            signIn(browser, clerk, "pw-clerk-1");
            assertThat(browser.testId("sign-in-error").getText()).contains("账户已锁定");
            browser.screenshot("login-locked");

            signIn(browser, supervisor, "pw-sup-1");
            browser.at("/console/login/second-factor");
            byte[] secret = Base32.decode(browser.testId("totp-secret").getText());
            browser.screenshot("second-factor-enrol");
            browser.type("code", code(secret)).click("enrol");
            assertThat(browser.testId("recovery-codes").getText().split("\n")).hasSize(10);
            browser.screenshot("recovery-codes");
            browser.click("continue").at("/console");
            assertThat(browser.testId("welcome").getText()).contains(supervisor);
            browser.click("sign-out").at("/console/login");
        }
    }

    @Test
    void theDashboardSearchExportAndABillsStory() {
        String code = Payments.paidWithDroppedNotifyThenPartlyRefunded(31_400, 11_400, "部分撤销");

        try (Browser browser = Browser.open()) {
            signIn(browser, "clerk", "demo-clerk");
            browser.at("/console");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                browser.go("/console");
                String shown = browser.testId("collected-0").getText().replaceAll("[^0-9.]", "");
                assertThat(Yuan.parse(shown)).isEqualTo(Db.count("SELECT coalesce(sum(amount_fen), 0)"
                        + " FROM payment_attempt WHERE status = 'SUCCEEDED' AND NOT duplicate"
                        + " AND (paid_at AT TIME ZONE 'Asia/Shanghai')::date = $1", Bills.today()));
            });
            browser.screenshot("dashboard");
            // a tablet: the same page fits its width (tables scroll inside themselves)
            browser.size(820, 1180).go("/console").testId("collected-0");
            assertThat(browser.overflowsWidth()).as("the dashboard fits a tablet's width").isFalse();
            browser.screenshot("dashboard-tablet").size(1280, 1000);

            browser.click("nav-bills").at("/console/bills");
            browser.type("paymentCode", code).type("minYuan", "314").type("maxYuan", "314.00").click("search");
            browser.testId("bill-" + code);
            assertThat(browser.html()).doesNotContain(Bills.ID_NUMBER);
            browser.screenshot("bills-search");

            // the search's CSV, with the browser's own session, row by row
            byte[] csv = given().cookie("GC_SESSION", browser.cookie("GC_SESSION"))
                    .get("/console/bills.csv?paymentCode=" + code).then().statusCode(200).extract().asByteArray();
            List<String> rows = Arrays.asList(new String(csv, StandardCharsets.UTF_8).substring(1).split("\n"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(1).split(",")).containsSubsequence(code, "HZ-TRAFFIC")
                    .contains("PARTIALLY_REFUNDED", "314.00", "ALIPAY");

            browser.go("/console/bills/" + code);
            String story = browser.testId("timeline").getText();
            assertThat(story).contains("开单").contains("发起支付").contains("UNPAID → PAID").contains("记账")
                    .contains("退款申请").contains("部分撤销").doesNotContain("渠道通知");
            browser.screenshot("bill-story");
        }
    }

    @Test
    void aUnitOfficerNeverSeesAnotherUnitsBill() {
        String exam = Bills.issue("ZJ-EXAM", EXAM_LINE);
        String traffic = Bills.issueFine(2_200);
        try (Browser browser = Browser.open()) {
            signIn(browser, "officer", "demo-officer");
            browser.at("/console");
            assertThat(browser.text()).doesNotContain("EXAM_FEE");
            browser.screenshot("dashboard-unit-officer");
            browser.go("/console/bills?paymentCode=" + exam);
            assertThat(browser.html()).doesNotContain("data-test=\"bill-" + exam);
            browser.go("/console/bills");
            browser.testId("bill-" + traffic);
            assertThat(browser.html()).doesNotContain("ZJ-EXAM");
            browser.screenshot("bills-unit-officer");
            browser.go("/console/bills/" + exam);
            assertThat(browser.html()).doesNotContain(exam + "</span>").contains("ORDER_NOT_FOUND");
            String csv = new String(given().cookie("GC_SESSION", browser.cookie("GC_SESSION")).get("/console/bills.csv")
                    .then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
            assertThat(csv).doesNotContain(exam).contains(traffic);
        }
    }

    @Test
    void theAuditLogAndTheUsersPages() {
        String admin = Console.newUser("ADMIN", "pw-admin-1");
        try (Browser browser = Browser.open()) {
            signIn(browser, admin, "pw-admin-1");
            browser.at("/console/login/second-factor");
            byte[] secret = Base32.decode(browser.testId("totp-secret").getText());
            browser.type("code", code(secret)).click("enrol").click("continue").at("/console");
            browser.click("nav-users").at("/console/users");
            browser.testId("user-clerk");
            browser.screenshot("users");
            browser.go("/console/users/clerk").testId("roles");
            browser.screenshot("user");
            browser.click("nav-audit").at("/console/audit");
            browser.type("actor", admin).click("filter");
            assertThat(browser.testId("audit").getText()).contains("SECOND_FACTOR_ENROLLED");
            browser.screenshot("audit-log");
            browser.click("nav-account").at("/console/account");
            assertThat(browser.testId("second-factor-status").getText()).contains("已启用");
            browser.screenshot("account");
        }
    }

    @Test
    void aUnitIsOnboardedThroughTheCatalogPages() {
        String code = "B" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 9)
                .toUpperCase(java.util.Locale.ROOT);
        try (Browser browser = Browser.open()) {
            signIn(browser, "clerk", "demo-clerk");
            browser.at("/console").click("nav-catalog").at("/console/catalog");
            browser.type("code", code).type("name", "浙江省浏览器测试学院").type("regionCode", "330106")
                    .type("settlementAccount", "1202021209000088888").check("channels", "ALIPAY")
                    .check("channels", "WECHAT_PAY").type("reason", "新单位上线").click("propose-unit");
            assertThat(browser.testId("catalog-notice").getText()).contains(code);
            browser.screenshot("catalog");
        }
        long id = io.govclear.support.Db.count("SELECT id FROM catalog_proposal WHERE subject = $1", code);
        String supervisor = Console.newUser("SUPERVISOR", "pw-sup-2");
        try (Browser browser = Browser.open()) {
            enrol(browser, supervisor, "pw-sup-2");
            browser.click("nav-catalog").at("/console/catalog");
            browser.type("approve-reason-" + id, "资料齐全").click("approve-" + id);
            assertThat(browser.testId("catalog-notice").getText()).contains("已批准");
            assertThat(browser.testId("unit-" + code).getText()).contains("正常");
            browser.screenshot("catalog-approved");
        }
        String admin = Console.newUser("ADMIN", "pw-adm-2");
        try (Browser browser = Browser.open()) {
            enrol(browser, admin, "pw-adm-2");
            browser.go("/console/catalog/units/" + code).type("key-reason", "单位接入").click("issue-key");
            assertThat(browser.testId("issued-secret").getText()).hasSize(43);
            browser.testId("key-API-1");
            browser.screenshot("catalog-unit-key");
        }
    }

    @Test
    void aCatalogFileIsImportedAndAnItemProposedThroughTheCatalogPages() throws java.io.IOException {
        String prefix = "BI" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 7)
                .toUpperCase(java.util.Locale.ROOT);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("units", ".csv");
        java.nio.file.Files.writeString(file, "code,name,regionCode,allowedChannels,settlementAccount\r\n"
                + prefix + "-1,浏览器导入单位一,330106,ALIPAY,1202021209000077771\r\n"
                + prefix + "-2,浏览器导入单位二,33010,ALIPAY,1202021209000077772\r\n"
                + prefix + "-3,浏览器导入单位三,330108,UNIONPAY,1202021209000077773\r\n");
        try (Browser browser = Browser.open()) {
            // the sign-in answered before the next navigation (which would cancel the post still in flight)
            signIn(browser, "clerk", "demo-clerk");
            browser.at("/console").go("/console/catalog").type("import-file", file.toString()).type("import-reason", "年度目录")
                    .click("import");
            // the whole file or nothing: the bad cell is shown, nothing proposed
            assertThat(browser.testId("import-errors").getText()).contains("units").contains("3")
                    .contains("regionCode");
            browser.type("import-file", file.toString()).check("mode", "VALID_ROWS").type("import-reason", "年度目录")
                    .click("import");
            assertThat(browser.testId("proposal-notice").getText()).contains("待另一位主管审批");
            assertThat(browser.testId("import-counts").getText()).contains("新增单位 2").contains("跳过 1 行");
            assertThat(browser.testId("skipped").getText()).contains("regionCode");
            browser.screenshot("catalog-import");
        } finally {
            java.nio.file.Files.delete(file);
        }
        long id = io.govclear.support.Db.count("SELECT id FROM catalog_proposal WHERE kind = 'IMPORT'"
                + " AND payload->>'filename' LIKE 'units%' AND payload->'units'->0->'unit'->>'code' = $1", prefix + "-1");
        String supervisor = Console.newUser("SUPERVISOR", "pw-sup-3");
        try (Browser browser = Browser.open()) {
            enrol(browser, supervisor, "pw-sup-3");
            browser.go("/console/catalog/proposals/" + id).type("approve-reason", "已核对").click("approve");
            assertThat(browser.testId("catalog-notice").getText()).contains("已批准");
        }
        String clerk = Console.newUser("CLERK", "pw-clerk-3");
        try (Browser browser = Browser.open()) {
            signIn(browser, clerk, "pw-clerk-3");
            browser.at("/console").go("/console/catalog?q=" + prefix);
            assertThat(browser.text()).contains("共 2 个单位");
            browser.go("/console/catalog/units/" + prefix + "-3").type("item-code", "EXAM").type("item-name", "考务费")
                    .type("item-income", "1030402").type("item-fixed", "1500").type("share-province", "10000")
                    .type("item-reason", "物价局核定").click("propose-item");
            assertThat(browser.testId("unit-notice").getText()).contains("EXAM");
            browser.screenshot("catalog-item-proposed");
        }
        assertThat(io.govclear.support.Db.count("SELECT count(*) FROM catalog_proposal WHERE kind = 'ITEM_VERSION'"
                + " AND subject = $1 AND status = 'PENDING' AND payload->>'fixedAmountFen' = '1500'",
                prefix + "-3/EXAM")).isEqualTo(1);
    }

    /** Signs in a user who has no second factor yet, enrolling one (also for the other browser tests). */
    static void enrol(Browser browser, String username, String password) {
        signIn(browser, username, password);
        browser.at("/console/login/second-factor");
        byte[] secret = Base32.decode(browser.testId("totp-secret").getText());
        browser.type("code", code(secret)).click("enrol").click("continue").at("/console");
    }

    /** Posts the sign-in form; wait for the page it leads to before going elsewhere. */
    static void signIn(Browser browser, String username, String password) {
        browser.go("/console/login").type("username", username).type("password", password).click("sign-in");
    }

    private static String code(byte[] secret) {
        return Totp.code(secret, Totp.step(CDI.current().select(TestClock.class).get().instant()));
    }
}
