package io.govclear.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.bulk.CatalogFiles;
import io.govclear.channel.Channel;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Staff;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bulk catalog imports (POST /api/v1/admin/catalog/imports): a file is checked row by row against itself and the
 * catalog, becomes one proposal (whole or its valid rows), and is applied by a supervisor's approval in one transaction.
 */
@QuarkusTest
class CatalogImportTest {

    private static final String UNITS_HEADER = "code,name,regionCode,allowedChannels,settlementAccount,webhookUrl";

    @Inject TestClock clock;

    @Test
    void fiveThousandUnitsWithThreeBadRowsAreReportedPreciselyThenTheValidRowsApprovedAsOneProposal() {
        String prefix = prefix();
        StringBuilder csv = new StringBuilder(UNITS_HEADER).append("\r\n");
        for (int i = 1; i <= 5_000; i++) {
            // the file's row is i + 1 (the header is row 1)
            String code = i == 4_999 ? prefix + "-00001" : prefix + String.format("-%05d", i);
            String region = i == 100 ? "33010" : "330" + String.format("%03d", i % 1000);
            String name = i == 2_501 ? "" : "测试执收单位" + i;
            csv.append(code).append(',').append(name).append(',').append(region).append(",ALIPAY|WECHAT_PAY,")
                    .append(String.format("12020201099%08d", i)).append(",\r\n");
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        long proposalsBefore = Db.count("SELECT count(*) FROM catalog_proposal");

        // the whole file, or nothing: every error located, nothing proposed
        upload("clerk", file, "units.csv", null).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("IMPORT_INVALID"))
                .body("rows.row", org.hamcrest.Matchers.contains(101, 2_502, 5_000))
                .body("rows.column", org.hamcrest.Matchers.contains("regionCode", "name", "code"))
                .body("rows.sheet", org.hamcrest.Matchers.everyItem(equalTo("units")))
                .body("rows[2].message", org.hamcrest.Matchers.containsString("2"));
        assertThat(Db.count("SELECT count(*) FROM catalog_proposal")).isEqualTo(proposalsBefore);

        // by choice, the valid rows only: one proposal, the skipped rows listed, the rows not in the summary
        JsonPath proposal = upload("clerk", file, "units.csv", "VALID_ROWS").then().statusCode(202)
                .body("kind", equalTo("IMPORT")).body("status", equalTo("PENDING"))
                .body("proposed.unitsCreated", equalTo(4_997)).body("proposed.unitsUpdated", equalTo(0))
                .body("proposed.skipped.row", org.hamcrest.Matchers.contains(101, 2_502, 5_000))
                .body("proposed", not(hasKey("units")))
                .extract().jsonPath();
        long id = proposal.getLong("id");
        // the same file cannot wait twice; the supervisor sees every row before approving
        upload("clerk", file, "units.csv", "VALID_ROWS").then().statusCode(409).body("code", equalTo("PROPOSAL_PENDING"));
        Staff.as("supervisor").get("/api/v1/admin/catalog/proposals/" + id).then().statusCode(200)
                .body("proposed.units.size()", equalTo(4_997)).body("proposed.units[0].row", equalTo(2))
                .body("proposed.units[0].unit.code", equalTo(prefix + "-00001"));
        assertThat(Db.count("SELECT count(*) FROM collecting_unit WHERE code LIKE $1", prefix + "-%")).isZero();

        long started = System.nanoTime();
        approve(id).then().statusCode(200).body("status", equalTo("APPROVED"));
        long approvalMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("import of 4,997 units approved in %d ms%n", approvalMs);
        assertThat(Db.count("SELECT count(*) FROM collecting_unit WHERE code LIKE $1", prefix + "-%"))
                .isEqualTo(4_997);
        assertThat(Db.count("SELECT count(*) FROM collecting_unit WHERE code = $1", prefix + "-00100")).isZero();
        Staff.as("auditor").get("/api/v1/admin/units/" + prefix + "-04998").then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("allowedChannels", org.hamcrest.Matchers.contains("ALIPAY",
                        "WECHAT_PAY"));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'CATALOG_IMPORTED' AND subject_id = $1"
                + " AND details->>'unitsCreated' = '4997'", Long.toString(id))).isEqualTo(1);
    }

    @Test
    void aWorkbookCreatesAUnitWithItsItemAndEditsAnotherAndBillsUseTheImportedStandard() {
        String prefix = prefix();
        UnitDraft fresh = unit(prefix + "-NEW", "新执收单位");
        UnitDraft edited = unit(prefix + "-OLD", "旧执收单位");
        UnitDraft same = unit(prefix + "-SAME", "不变的执收单位");
        approve(upload("clerk", CatalogFiles.writeUnitsCsv(List.of(edited, same)), "units.csv", null).then()
                .statusCode(202).extract().jsonPath().getLong("id")).then().statusCode(200);
        UnitDraft renamed = new UnitDraft(edited.code(), "旧执收单位（更名）", edited.regionCode(),
                edited.allowedChannels(), edited.settlementAccount(), "https://unit.example/hook");
        LocalDate today = clock.today();
        byte[] workbook = CatalogFiles.writeXlsx(List.of(fresh, renamed, same),
                List.of(item(fresh.code(), "EXAM", 8_800, today), item(fresh.code(), "EXAM", 9_900, today.plusDays(30)),
                        item(renamed.code(), "CERT", 2_000, today.plusDays(1))));
        long id = upload("clerk", workbook, "目录.xlsx", null).then().statusCode(202)
                .body("proposed.unitsCreated", equalTo(1)).body("proposed.unitsUpdated", equalTo(1))
                .body("proposed.unitsUnchanged", equalTo(1))
                .body("proposed.itemVersions", equalTo(3)).body("proposed.skipped", org.hamcrest.Matchers.empty())
                .extract().jsonPath().getLong("id");
        // until approved, nothing
        Staff.as("clerk").get("/api/v1/admin/units/" + fresh.code()).then().statusCode(404);
        approve(id).then().statusCode(200);

        Staff.as("clerk").get("/api/v1/admin/units/" + renamed.code()).then().statusCode(200)
                .body("name", equalTo("旧执收单位（更名）")).body("version", equalTo(2));
        Staff.as("clerk").get("/api/v1/admin/items?unit=" + fresh.code()).then().statusCode(200)
                .body("versionNo", org.hamcrest.Matchers.contains(2, 1))
                .body("fixedAmountFen", org.hamcrest.Matchers.contains(9_900, 8_800));
        String secret = Staff.sendingJson("admin").body("{\"reason\":\"接入\"}")
                .post("/api/v1/admin/units/" + fresh.code() + "/credentials").then().statusCode(201)
                .extract().path("secret");
        String body = Bills.bill(Bills.orderNo(), "[{\"itemCode\":\"EXAM\"}]", today.plusDays(10), null);
        UnitApi.withSecret(fresh.code(), secret).send("POST", "/api/v1/orders", body, clock.instant().getEpochSecond(),
                UnitApi.nonce()).then().statusCode(201).body("principalFen", equalTo(8_800));

        // the same rows again: the units equal the catalog, the versions exist, nothing to propose
        upload("clerk", workbook, "again.xlsx", null).then().statusCode(422).body("code", equalTo("IMPORT_INVALID"))
                .body("rows.sheet", org.hamcrest.Matchers.everyItem(equalTo("items")))
                .body("rows.row", org.hamcrest.Matchers.contains(2, 3, 4))
                .body("rows.column", org.hamcrest.Matchers.everyItem(equalTo("effectiveFrom")));
        upload("clerk", CatalogFiles.writeUnitsCsv(List.of(fresh, renamed, same)), "units.csv", null).then()
                .statusCode(409).body("code", equalTo("PROPOSAL_INVALID"));
    }

    @Test
    void itemRowsAreCheckedAgainstTheCatalogAndTheFilesOwnUnits() {
        String prefix = prefix();
        LocalDate today = clock.today();
        byte[] items = CatalogFiles.writeItemsCsv(List.of(item(prefix + "-NONE", "AA", 100, today),
                item(Bills.TRAFFIC, "NEW-FEE", 100, today.minusDays(1)), item(Bills.TRAFFIC, "NEW-FEE", 100, today)));
        upload("clerk", items, "items.csv", "VALID_ROWS").then().statusCode(202)
                .body("proposed.itemVersions", equalTo(1))
                .body("proposed.skipped.row", org.hamcrest.Matchers.contains(2, 3))
                .body("proposed.skipped.column", org.hamcrest.Matchers.contains("unitCode", "effectiveFrom"))
                .body("proposed.skipped[0].message", org.hamcrest.Matchers.containsString(prefix + "-NONE"));
    }

    @Test
    void aFileThatIsNotACatalogFileIsRefusedAsAWholeAndOnlyProposersMayUpload() {
        long before = Db.count("SELECT count(*) FROM catalog_proposal");
        upload("clerk", "hello".getBytes(StandardCharsets.UTF_8), "units.txt", null).then().statusCode(400)
                .body("code", equalTo("IMPORT_FILE_REFUSED")).body("errors[0].message", equalTo("UNKNOWN_FORMAT"));
        upload("clerk", "PK not a zip".getBytes(StandardCharsets.UTF_8), "units.xlsx", null).then().statusCode(400)
                .body("code", equalTo("IMPORT_FILE_REFUSED")).body("errors[0].message", equalTo("NOT_A_WORKBOOK"));
        upload("clerk", new byte[] { 'c', 'o', 'd', 'e', '\n', (byte) 0xff, (byte) 0xfe }, "units.csv", null).then()
                .statusCode(400).body("code", equalTo("IMPORT_FILE_REFUSED"));
        upload("clerk", CatalogFiles.writeUnitsCsv(List.of(unit(prefix(), "x"))), "units.csv", "EVERYTHING").then()
                .statusCode(400).body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("mode"));
        Staff.as("clerk").multiPart("reason", "导入").post("/api/v1/admin/catalog/imports").then().statusCode(400)
                .body("errors[0].field", equalTo("file"));
        Staff.as("clerk").multiPart("file", "units.csv", CatalogFiles.writeUnitsCsv(List.of(unit(prefix(), "x"))),
                "text/csv").multiPart("reason", "导\u0000入").post("/api/v1/admin/catalog/imports").then()
                .statusCode(400).body("errors[0].field", equalTo("reason"));
        Staff.sendingJson("clerk").body("{}").post("/api/v1/admin/catalog/imports").then().statusCode(415);
        upload("supervisor", CatalogFiles.writeUnitsCsv(List.of(unit(prefix(), "x"))), "units.csv", null).then()
                .statusCode(403);
        assertThat(Db.count("SELECT count(*) FROM catalog_proposal")).isEqualTo(before);
    }

    static Response upload(String user, byte[] file, String filename, String mode) {
        var request = Staff.as(user).multiPart("file", filename, file, "application/octet-stream")
                .multiPart("reason", "年度目录更新");
        if (mode != null) {
            request = request.multiPart("mode", mode);
        }
        return request.post("/api/v1/admin/catalog/imports");
    }

    private static Response approve(long id) {
        return Staff.sendingJson("supervisor").body("{\"reason\":\"已核对\"}")
                .post("/api/v1/admin/catalog/proposals/" + id + "/approve");
    }

    private static String prefix() {
        return "I" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);
    }

    private static UnitDraft unit(String code, String name) {
        return new UnitDraft(code, name, "330100", EnumSet.of(Channel.ALIPAY, Channel.UNIONPAY),
                "1202020109900012345", null);
    }

    private static ItemDraft item(String unit, String code, long fen, LocalDate from) {
        return new ItemDraft(unit, code, "考务费", ItemCategory.EXAM_FEE, "1030402", AmountStandard.FIXED, fen, null,
                null, LateFeeRule.NONE, 0, false, Destination.TREASURY, 0, 10_000, 0, 0, 0, from);
    }
}
