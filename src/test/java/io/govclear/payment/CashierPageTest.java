package io.govclear.payment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.govclear.support.Bills;
import io.govclear.support.Payments;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CashierPageTest {

    @Inject
    TestClock clock;

    @Test
    void cashierShowsTheBillLateFeeTotalAndChannels() {
        String code = Bills.issueFine(20000, clock.today().minusDays(1));
        given().get("/pay/" + code).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("杭州市公安局交通警察支队"))
                .body(containsString("道路交通安全违法罚款"))
                .body(containsString("¥200.00"))
                .body(containsString("逾期 1 天"))
                .body(containsString("¥6.00"))
                .body(containsString("¥206.00"))
                .body(containsString("data-channel=\"ALIPAY\""))
                .body(containsString("data-channel=\"WECHAT_PAY\""))
                .body(containsString("width=device-width"))
                .body(not(containsString("330106199001011234")));
    }

    @Test
    void cashierOfACancelledBillOffersNoPayment() {
        String code = Bills.issueFine(500, clock.today().plusDays(1));
        Bills.cancel(Bills.TRAFFIC, code);
        given().get("/pay/" + code).then().statusCode(200)
                .body(containsString("CANCELLED"))
                .body(not(containsString("data-channel=\"")));
    }

    @Test
    void resultPageFollowsThePayment() {
        String code = Bills.issueFine(700, clock.today().plusDays(1));
        String paymentId = Payments.start(code, "ALIPAY");
        given().get("/pay/result/" + paymentId).then().statusCode(200)
                .body(containsString(paymentId))
                .body(containsString("/api/v1/payments/" + paymentId));
        given().get("/pay/result/GC0000000000000000").then().statusCode(404);
    }
}
