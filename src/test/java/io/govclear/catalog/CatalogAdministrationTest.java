package io.govclear.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.govclear.support.Bills;
import io.govclear.support.Console;
import io.govclear.support.Db;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Catalog administration: a unit onboarded end to end through the four-eyes queue, its keys rotated and revoked. */
@QuarkusTest
class CatalogAdministrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aUnitIsOnboardedEndToEndAndItsKeyRotatedWithAnOverlapThenRevoked() {
        String code = newCode();
        long proposalId = propose("clerk", code);
        // nothing exists until a supervisor approves
        Staff.as("clerk").get("/api/v1/admin/units/" + code).then().statusCode(404).body("code", equalTo("UNIT_NOT_FOUND"));
        approve("supervisor", proposalId).then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("decidedBy", equalTo("supervisor"));
        Staff.as("clerk").get("/api/v1/admin/units/" + code).then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("regionCode", equalTo("330100")).body("$", not(hasKey("secret")));

        // the secret is shown once, to an ADMIN; the key list never shows it
        Staff.sendingJson("clerk").body("{\"reason\":\"上线\"}").post("/api/v1/admin/units/" + code + "/credentials")
                .then().statusCode(403);
        Response first = issueKey(code);
        first.then().statusCode(201).header("Cache-Control", "no-store").body("keyNo", equalTo(1));
        String secret1 = first.path("secret");
        assertThat(secret1).hasSize(43);
        String keys = Staff.as("admin").get("/api/v1/admin/units/" + code + "/credentials").then().statusCode(200)
                .extract().asString();
        assertThat(keys).doesNotContain(secret1).contains("\"keyNo\":1");

        // the unit's first item, approved, reaches the catalog and the first signed bill is accepted
        approve("supervisor", Staff.sendingJson("clerk").body("{\"unitCode\":\"" + code + "\",\"code\":\"FEE\","
                + "\"name\":\"考务费\",\"category\":\"EXAM_FEE\",\"incomeClassification\":\"1030402\","
                + "\"amountStandard\":\"FREE\",\"lateFeeRule\":\"NONE\",\"destination\":\"TREASURY\","
                + "\"shareProvinceBp\":10000,\"effectiveFrom\":\"" + clock.today() + "\",\"reason\":\"开办\"}")
                .post("/api/v1/admin/items").then().statusCode(202).extract().jsonPath().getLong("id"))
                .then().statusCode(200);
        String firstBill = issue(code, secret1).then().statusCode(201).extract().path("paymentCode");
        assertThat(Db.count("SELECT signed_key_no FROM payment_order WHERE payment_code = $1", firstBill))
                .isEqualTo(1);

        // rotation: key 2 is current, key 1 verifies until the overlap ends; each call records the key that signed it
        Response second = issueKey(code);
        second.then().statusCode(201).body("keyNo", equalTo(2));
        String secret2 = second.path("secret");
        Instant overlapEnd = Instant.parse(second.path("previousValidUntil"));
        assertThat(Duration.between(clock.instant(), overlapEnd)).isBetween(Duration.ofDays(7).minusMinutes(1),
                Duration.ofDays(7));
        String byKey2 = issue(code, secret2).then().statusCode(201).extract().path("paymentCode");
        issue(code, secret1).then().statusCode(201);
        assertThat(Db.count("SELECT signed_key_no FROM payment_order WHERE payment_code = $1", byKey2)).isEqualTo(2);
        long unitId = Db.count("SELECT id FROM collecting_unit WHERE code = $1", code);
        assertThat(Db.count("SELECT count(*) FROM api_nonce WHERE unit_id = $1 AND key_no = 2", unitId)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM api_nonce WHERE unit_id = $1 AND key_no = 1", unitId)).isEqualTo(2);

        // after the overlap the old key is refused, the new one still works
        clock.advance(Duration.between(clock.instant(), overlapEnd).plusSeconds(1));
        issue(code, secret1).then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
        issue(code, secret2).then().statusCode(201);

        // a compromise: key 3 issued, key 2 revoked at once (no overlap)
        String secret3 = issueKey(code).then().statusCode(201).extract().path("secret");
        Staff.sendingJson("admin").body("{\"reason\":\"泄露\"}")
                .post("/api/v1/admin/units/" + code + "/credentials/API/2/revoke").then().statusCode(204);
        Staff.sendingJson("admin").body("{\"reason\":\"泄露\"}")
                .post("/api/v1/admin/units/" + code + "/credentials/API/2/revoke").then().statusCode(404)
                .body("code", equalTo("CREDENTIAL_NOT_FOUND"));
        issue(code, secret2).then().statusCode(401);
        issue(code, secret3).then().statusCode(201);

        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_id = $1 AND action = 'CREDENTIAL_ISSUED'",
                code)).isEqualTo(3);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_id = $1 AND action = 'CREDENTIAL_REVOKED'",
                code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject_id = $1 AND action IN ('CATALOG_PROPOSED',"
                + " 'CATALOG_APPROVED')", Long.toString(proposalId))).isEqualTo(2);
    }

    @Test
    void anItemsNewStandardFromTomorrowLeavesTodaysBillsAtTheOldAmount() {
        String code = newCode();
        approve("supervisor", propose("clerk", code)).then().statusCode(200);
        String secret = issueKey(code).then().statusCode(201).extract().path("secret");
        LocalDate today = clock.today();
        approve("supervisor", proposeItem(code, 5_600, today).then().statusCode(202).extract().jsonPath()
                .getLong("id")).then().statusCode(200);
        long tomorrow = proposeItem(code, 6_000, today.plusDays(1)).then().statusCode(202).extract().jsonPath()
                .getLong("id");
        // until approved the new standard is nowhere
        Staff.as("clerk").get("/api/v1/admin/items?unit=" + code).then().statusCode(200).body("size()", equalTo(1));
        approve("supervisor", tomorrow).then().statusCode(200);
        Staff.as("clerk").get("/api/v1/admin/items?unit=" + code).then().statusCode(200)
                .body("versionNo", org.hamcrest.Matchers.contains(2, 1))
                .body("fixedAmountFen", org.hamcrest.Matchers.contains(6_000, 5_600));
        // no standard starts in the past, and one date has one standard
        proposeItem(code, 7_000, today.minusDays(1)).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("effectiveFrom"));
        proposeItem(code, 7_000, today.plusDays(1)).then().statusCode(409).body("code", equalTo("PROPOSAL_INVALID"));

        String todays = issueFixed(code, secret).then().statusCode(201).body("principalFen", equalTo(5_600))
                .extract().path("paymentCode");
        clock.advance(Duration.ofDays(1));
        String tomorrows = issueFixed(code, secret).then().statusCode(201).body("principalFen", equalTo(6_000))
                .extract().path("paymentCode");
        // each bill keeps the standard it was issued under, shown in its detail
        view(code, secret, todays).then().statusCode(200).body("principalFen", equalTo(5_600))
                .body("lines[0].itemVersion", equalTo(1)).body("lines[0].itemEffectiveFrom", equalTo(today.toString()));
        view(code, secret, tomorrows).then().statusCode(200).body("lines[0].itemVersion", equalTo(2))
                .body("lines[0].itemEffectiveFrom", equalTo(today.plusDays(1).toString()));
    }

    @Test
    void closingAUnitCancelsItsOpenBillsAndRefusesItsCalls() {
        String code = newCode();
        approve("supervisor", propose("clerk", code)).then().statusCode(200);
        String secret = issueKey(code).then().statusCode(201).extract().path("secret");
        approve("supervisor", proposeItem(code, 5_600, clock.today()).then().statusCode(202).extract().jsonPath()
                .getLong("id")).then().statusCode(200);
        String first = issueFixed(code, secret).then().statusCode(201).extract().path("paymentCode");
        String second = issueFixed(code, secret).then().statusCode(201).extract().path("paymentCode");
        long close = Staff.sendingJson("clerk").body("{\"reason\":\"单位撤并\"}")
                .post("/api/v1/admin/units/" + code + "/close").then().statusCode(202).extract().jsonPath().getLong("id");
        // until approved the bills stay payable
        assertThat(Bills.status(first)).isEqualTo("UNPAID");
        approve("supervisor", close).then().statusCode(200);
        assertThat(Bills.status(first)).isEqualTo("CANCELLED");
        assertThat(Bills.status(second)).isEqualTo("CANCELLED");
        issueFixed(code, secret).then().statusCode(401);
        Staff.as("clerk").get("/api/v1/admin/units/" + code).then().statusCode(200).body("status", equalTo("CLOSED"));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'UNIT_CLOSED' AND subject_id = $1"
                + " AND details->>'cancelledBills' = '2'", code)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM order_status_change c JOIN payment_order o ON o.id = c.order_id"
                + " WHERE o.payment_code = $1 AND c.to_status = 'CANCELLED' AND c.reason = 'unit closed: 单位撤并'",
                first)).isEqualTo(1);
        Staff.sendingJson("clerk").body("{\"reason\":\"again\"}").post("/api/v1/admin/units/" + code + "/close")
                .then().statusCode(409).body("code", equalTo("PROPOSAL_INVALID"));
    }

    @Test
    void theWholeCatalogExportsInTheImportsLayoutAndReadsBackWithoutAnError() {
        byte[] xlsx = Staff.as("auditor").get("/api/v1/admin/catalog/export").then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("catalog-all.xlsx"))
                .extract().asByteArray();
        io.govclear.catalog.bulk.Parsed read = io.govclear.catalog.bulk.CatalogFiles.read(xlsx, "catalog.xlsx");
        assertThat(read.errors()).isEmpty();
        assertThat(read.units()).extracting(l -> l.draft().code()).contains("HZ-TRAFFIC", "ZJU", "ZJ-EXAM");
        assertThat(read.items()).extracting(l -> l.draft().unitCode() + "/" + l.draft().code())
                .contains("HZ-TRAFFIC/FINE-TRAFFIC", "ZJ-EXAM/EXAM-ACCOUNTING");
        byte[] csv = Staff.as("auditor").get("/api/v1/admin/catalog/export?format=units.csv").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asByteArray();
        assertThat(io.govclear.catalog.bulk.CatalogFiles.read(csv, "units.csv").units()).hasSize(read.units().size());
        Staff.as("auditor").get("/api/v1/admin/catalog/export?format=pdf").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void nobodyApprovesTheirOwnProposalAndADecisionIsTakenOnce() {
        String both = Console.newUser("CLERK,SUPERVISOR", "pw-both");
        String code = newCode();
        long id = proposeAs(Staff.withPassword(both, "pw-both").contentType("application/json"), code)
                .then().statusCode(202).extract().jsonPath().getLong("id");
        Staff.withPassword(both, "pw-both").contentType("application/json").body("{\"reason\":\"我批\"}")
                .post("/api/v1/admin/catalog/proposals/" + id + "/approve").then().statusCode(403)
                .body("code", equalTo("OWN_PROPOSAL"));
        Staff.sendingJson("clerk").body("{\"reason\":\"x\"}").post("/api/v1/admin/catalog/proposals/" + id + "/approve")
                .then().statusCode(403);
        // a second proposal for the same unit waits for the first to be decided
        proposeAs(Staff.sendingJson("clerk"), code).then().statusCode(409).body("code", equalTo("UNIT_EXISTS"));
        Staff.sendingJson("supervisor").body("{\"reason\":\"资料不全\"}")
                .post("/api/v1/admin/catalog/proposals/" + id + "/reject").then().statusCode(200)
                .body("status", equalTo("REJECTED"));
        approve("supervisor", id).then().statusCode(409).body("code", equalTo("PROPOSAL_DECIDED"));
        Staff.as("clerk").get("/api/v1/admin/units/" + code).then().statusCode(404);
        assertThat(Db.count("SELECT count(*) FROM collecting_unit WHERE code = $1", code)).isZero();
    }

    @Test
    void aSuspendedUnitCannotIssueBillsButItsOpenBillsStayPayableUntilItIsReactivated() {
        String open = Bills.issueFine(5_000);
        long suspend = Staff.sendingJson("clerk").body("{\"reason\":\"年检未过\"}")
                .post("/api/v1/admin/units/" + Bills.TRAFFIC + "/suspend").then().statusCode(202)
                .extract().jsonPath().getLong("id");
        try {
            approve("supervisor", suspend).then().statusCode(200);
            UnitApi.as(Bills.TRAFFIC).post("/api/v1/orders", Bills.fine(Bills.orderNo(), 5_000,
                    Bills.today().plusDays(10))).then().statusCode(403).body("code", equalTo("UNIT_SUSPENDED"));
            io.restassured.RestAssured.given().get("/api/v1/bills/" + open).then().statusCode(200)
                    .body("status", equalTo("UNPAID"));
        } finally {
            long reactivate = Staff.sendingJson("clerk").body("{\"reason\":\"年检通过\"}")
                    .post("/api/v1/admin/units/" + Bills.TRAFFIC + "/reactivate").then().statusCode(202)
                    .extract().jsonPath().getLong("id");
            approve("supervisor", reactivate).then().statusCode(200);
        }
        Bills.issueFine(5_000);
    }

    @Test
    void aProposalWithBadFieldsNamesEveryOneAndChangesNothing() {
        long before = Db.count("SELECT count(*) FROM catalog_proposal");
        Staff.sendingJson("clerk").body("{\"code\":\"x\",\"name\":\"\",\"regionCode\":\"33010\",\"allowedChannels\":"
                        + "[\"PAYPAL\"],\"settlementAccount\":\"12ab\",\"reason\":\"r\"}")
                .post("/api/v1/admin/units").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        Staff.sendingJson("clerk").body("{\"code\":\"x\",\"name\":\"\",\"regionCode\":\"33010\",\"allowedChannels\":"
                        + "[\"ALIPAY\"],\"settlementAccount\":\"12ab\",\"webhookUrl\":\"ftp://x\",\"reason\":\"r\"}")
                .post("/api/v1/admin/units").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("code", "name", "regionCode",
                        "settlementAccount", "webhookUrl"));
        assertThat(Db.count("SELECT count(*) FROM catalog_proposal")).isEqualTo(before);
    }

    private static String newCode() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
    }

    private static long propose(String user, String code) {
        return proposeAs(Staff.sendingJson(user), code).then().statusCode(202).body("status", equalTo("PENDING"))
                .body("kind", equalTo("UNIT_CREATE")).extract().jsonPath().getLong("id");
    }

    private static Response proposeAs(io.restassured.specification.RequestSpecification as, String code) {
        return as.body("{\"code\":\"" + code + "\",\"name\":\"浙江省测试考试院\",\"regionCode\":\"330100\","
                + "\"allowedChannels\":[\"ALIPAY\",\"WECHAT_PAY\"],\"settlementAccount\":\"1202020109900099999\","
                + "\"reason\":\"新单位上线\"}").post("/api/v1/admin/units");
    }

    private static Response approve(String user, long id) {
        return Staff.sendingJson(user).body("{\"reason\":\"资料齐全\"}")
                .post("/api/v1/admin/catalog/proposals/" + id + "/approve");
    }

    private static Response issueKey(String code) {
        return Staff.sendingJson("admin").body("{\"reason\":\"单位接入\"}")
                .post("/api/v1/admin/units/" + code + "/credentials");
    }

    private static Response proposeItem(String unit, long fixedFen, LocalDate from) {
        return Staff.sendingJson("clerk").body("{\"unitCode\":\"" + unit + "\",\"code\":\"EXAM\",\"name\":\"考务费\","
                + "\"category\":\"EXAM_FEE\",\"incomeClassification\":\"1030402\",\"amountStandard\":\"FIXED\","
                + "\"fixedAmountFen\":" + fixedFen + ",\"lateFeeRule\":\"NONE\",\"destination\":\"TREASURY\","
                + "\"shareProvinceBp\":10000,\"effectiveFrom\":\"" + from + "\",\"reason\":\"物价局核定新标准\"}")
                .post("/api/v1/admin/items");
    }

    private Response issueFixed(String code, String secret) {
        String body = Bills.bill(Bills.orderNo(), "[{\"itemCode\":\"EXAM\"}]", clock.today().plusDays(10), null);
        return UnitApi.withSecret(code, secret).send("POST", "/api/v1/orders", body, clock.instant().getEpochSecond(),
                UnitApi.nonce());
    }

    private Response view(String code, String secret, String paymentCode) {
        return UnitApi.withSecret(code, secret).send("GET", "/api/v1/orders/" + paymentCode, null,
                clock.instant().getEpochSecond(), UnitApi.nonce());
    }

    /** A bill of the unit, signed with {@code secret} at the engine's (test) clock. */
    private Response issue(String code, String secret) {
        String body = Bills.bill(Bills.orderNo(), "[{\"itemCode\":\"FEE\",\"amountFen\":5000}]",
                clock.today().plusDays(10), null);
        return UnitApi.withSecret(code, secret).send("POST", "/api/v1/orders", body, clock.instant().getEpochSecond(),
                UnitApi.nonce());
    }
}
