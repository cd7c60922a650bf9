package io.govclear.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.govclear.order.OrderStatus;
import io.govclear.support.Bills;
import io.govclear.support.TestClock;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Inject
    TestClock clock;

    @Test
    void readinessReportsTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsCountBillsByUnitAndCategoryAndRejectionsByCode() {
        Bills.issueFine(100, clock.today().plusDays(1));
        UnitApi.withSecret("HZ-TRAFFIC", "wrong").post("/api/v1/orders", "{}").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("govclear_bills_issued_total{category=\"FINE\",unit=\"HZ-TRAFFIC\"}"))
                .body(containsString("govclear_rejections_total{code=\"INVALID_SIGNATURE\"}"));
    }

    @Test
    void anImpossibleStatusChangeIsCountedInTheMetrics() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> OrderStatus.MACHINE.event(OrderStatus.EXPIRED, OrderStatus.PAID))
                .isInstanceOf(StateMachine.Refused.class);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("govclear_state_refused_total{from=\"EXPIRED\",machine=\"order\",to=\"PAID\"}"));
    }

    @Test
    void openApiDescribesTheUnitApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/orders/batch"))
                .body(containsString("/api/v1/bills/{paymentCode}"))
                .body(containsString("unitSignature"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void openApiListsEveryProblemCode() {
        List<String> listed = given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getList("components.schemas.ProblemCode.enum", String.class);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ProblemCode.values()).map(ProblemCode::name).toList());
    }

    @Test
    void aStatusTheFrameworkChoosesIsAnsweredWithItsReasonPhrase() {
        given().accept("application/xml").get("/api/v1/webhook-deliveries").then().statusCode(406)
                .contentType("application/problem+json")
                .body("code", equalTo("BAD_REQUEST")).body("title", equalTo("Not Acceptable"))
                .body("type", equalTo("urn:govclear:problem:bad-request"));
    }

    @Test
    void unknownPathIsAProblem() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("NOT_FOUND"));
    }
}
