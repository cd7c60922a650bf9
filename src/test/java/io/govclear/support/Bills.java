package io.govclear.support;

import static io.restassured.RestAssured.given;

import jakarta.enterprise.inject.spi.CDI;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Bills for tests: request bodies ({@link #fine}, {@link #bill}), and bills issued by a unit through the signed API,
 * answering their payment code ({@link #issueFine}, {@link #issue}). Dates are the test clock's.
 */
public final class Bills {

    public static final String ID_NUMBER = "330106199001011234";
    public static final String PHONE = "13800138000";
    /** The unit that issues the fines (item FINE-TRAFFIC, any amount). */
    public static final String TRAFFIC = "HZ-TRAFFIC";
    /** How far away the due date of a bill is unless a test says otherwise. */
    public static final int DUE_IN_DAYS = 10;

    private Bills() {
    }

    public static String orderNo() {
        return "T-" + UUID.randomUUID();
    }

    /** The body of a traffic fine (one FINE-TRAFFIC line). */
    public static String fine(String unitOrderNo, long amountFen, LocalDate dueDate) {
        return bill(unitOrderNo, fineLines(amountFen), dueDate, null);
    }

    /** The body of a bill with these lines ([{itemCode, amountFen}…]), payable until {@code payableUntil} if set. */
    public static String bill(String unitOrderNo, String linesJson, LocalDate dueDate, LocalDate payableUntil) {
        return "{\"unitOrderNo\":\"" + unitOrderNo + "\",\"lines\":" + linesJson
                + ",\"payer\":{\"name\":\"张三\",\"idNumber\":\"" + ID_NUMBER + "\",\"phone\":\"" + PHONE + "\"},"
                + "\"dueDate\":\"" + dueDate + "\",\"payableUntil\":"
                + (payableUntil == null ? "null" : "\"" + payableUntil + "\"")
                + ",\"description\":\"Penalty decision 330106-2026-0042\"}";
    }

    /** Issues a traffic fine due in {@value #DUE_IN_DAYS} days; returns its payment code. */
    public static String issueFine(long amountFen) {
        return issueFine(amountFen, today().plusDays(DUE_IN_DAYS));
    }

    /** Issues a traffic fine due on {@code dueDate} (past for an overdue one); returns its payment code. */
    public static String issueFine(long amountFen, LocalDate dueDate) {
        return issue(TRAFFIC, fineLines(amountFen), dueDate, null);
    }

    /** Issues the unit's bill with these lines, due in {@value #DUE_IN_DAYS} days; returns its payment code. */
    public static String issue(String unit, String linesJson) {
        return issue(unit, linesJson, today().plusDays(DUE_IN_DAYS), null);
    }

    /** Issues the unit's bill with these lines and dates ({@code payableUntil} may be null); returns its code. */
    public static String issue(String unit, String linesJson, LocalDate dueDate, LocalDate payableUntil) {
        return UnitApi.as(unit).post("/api/v1/orders", bill(orderNo(), linesJson, dueDate, payableUntil))
                .then().statusCode(201).extract().path("paymentCode");
    }

    /** The unit cancels its unpaid bill. */
    public static void cancel(String unit, String paymentCode) {
        UnitApi.as(unit).post("/api/v1/orders/" + paymentCode + "/cancel", "{}").then().statusCode(200);
    }

    /** The bill's status as the payer sees it (UNPAID, PAID, …). */
    public static String status(String paymentCode) {
        return given().get("/api/v1/bills/" + paymentCode).then().statusCode(200).extract().path("status");
    }

    /** Today on the test clock. */
    public static LocalDate today() {
        return CDI.current().select(TestClock.class).get().today();
    }

    private static String fineLines(long amountFen) {
        return "[{\"itemCode\":\"FINE-TRAFFIC\",\"amountFen\":" + amountFen + "}]";
    }
}
