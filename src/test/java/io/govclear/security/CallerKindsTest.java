package io.govclear.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.channel.bank.Bank;
import io.govclear.support.BankApi;
import io.govclear.support.Db;
import io.govclear.support.Staff;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Each kind of caller reaches only its own endpoints, whatever credentials it adds: staff (HTTP Basic), units, bank
 * counters and the payout bank (their signatures). Every refusal is a problem and changes nothing.
 */
@QuarkusTest
class CallerKindsTest {

    @Inject
    Pool pool;

    @Test
    void staffCredentialsDoNotOpenTheUnitApi() {
        Staff.as("admin").get("/api/v1/orders")
                .then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("INVALID_SIGNATURE"))
                .body("detail", containsString("X-GovClear-Signature"));
    }

    @Test
    void aSignedUnitRequestDoesNotOpenStaffEndpoints() {
        UnitApi.as("HZ-TRAFFIC").get("/api/v1/ledger/trial-balance")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
        UnitApi.as("HZ-TRAFFIC").get("/api/v1/refunds")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void aWrongPasswordIsAProblemWithABasicChallenge() {
        Staff.withPassword("clerk", "wrong").get("/api/v1/ledger/trial-balance")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Basic"))
                .body("code", equalTo("UNAUTHENTICATED"));
        given().get("/api/v1/ledger/trial-balance")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Basic"))
                .body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aRoleTheEndpointDoesNotAdmitIsForbiddenAndNamesTheRoles() {
        Db.assertNothingChangedBy(() -> Staff.sendingJson("clerk").post("/api/v1/settlements/2026-12-01/confirm")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN")).body("detail", containsString("SUPERVISOR")));
    }

    @Test
    void aStaffRowCannotGrantACallerRole() {
        pool.preparedQuery("INSERT INTO staff_user (username, display_name, password_hash, roles, active)"
                        + " VALUES ($1, $2, $3, $4, true) ON CONFLICT (username) DO NOTHING")
                .execute(Tuple.of("mallory", "Mallory", PasswordHashing.hash("pw-mallory", 1000),
                        "UNIT,BANK,PAYOUT_BANK,AUDITOR"))
                .await().indefinitely();
        // AUDITOR is kept: a reader
        Staff.withPassword("mallory", "pw-mallory").get("/api/v1/ledger/trial-balance")
                .then().statusCode(200);
        // the caller roles in the column are ignored: still no way into the signed APIs or a write
        Staff.withPassword("mallory", "pw-mallory").contentType("application/json").body("{}")
                .post("/api/v1/settlements/2026-12-01/payout-confirmation")
                .then().statusCode(401).body("code", equalTo("PAYOUT_SIGNATURE_INVALID"));
        Staff.withPassword("mallory", "pw-mallory").get("/api/v1/webhook-deliveries")
                .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
        Staff.withPassword("mallory", "pw-mallory").contentType("application/json")
                .body("{\"businessDate\":\"2026-12-01\"}").post("/api/v1/settlements")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void bankCountersAnswerOnlyTheirOwnSignature() {
        Staff.sendingJson("admin")
                .body("{\"paymentCode\":\"123456789012\"}").post("/bank/v1/icbc/query")
                .then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("INVALID_SIGNATURE")).body("detail", containsString("X-Bank-Signature"));
        given().contentType("application/json").body("{}").post("/bank/v1/nobank/query")
                .then().statusCode(404).body("code", equalTo("BANK_NOT_FOUND"));
        // a bank's signed request is for its counter only
        BankApi.as(Bank.ICBC).post("query", "{\"paymentCode\":\"123456789012\"}").then().statusCode(200);
        given().header("X-GovClear-Unit", "HZ-TRAFFIC").contentType("application/json").body("{}")
                .post("/bank/v1/icbc/query")
                .then().statusCode(401).body("code", equalTo("INVALID_SIGNATURE"));
    }

    @Test
    void thePayoutConfirmationTakesOnlyThePayoutBanksSignature() {
        Db.assertNothingChangedBy(() -> {
            given().contentType("application/json").body("{}")
                    .post("/api/v1/settlements/2026-12-01/payout-confirmation")
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("code", equalTo("PAYOUT_SIGNATURE_INVALID"));
            given().header("X-Payout-Signature", "AAAA").contentType("application/json").body("{}")
                    .post("/api/v1/settlements/2026-12-01/payout-confirmation")
                    .then().statusCode(401).body("code", equalTo("PAYOUT_SIGNATURE_INVALID"));
        });
    }
}
