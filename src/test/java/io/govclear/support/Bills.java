package io.govclear.support;

import java.time.LocalDate;
import java.util.UUID;

/** Bill request bodies for tests. */
public final class Bills {

    public static final String ID_NUMBER = "330106199001011234";
    public static final String PHONE = "13800138000";

    private Bills() {
    }

    public static String orderNo() {
        return "T-" + UUID.randomUUID();
    }

    public static String fine(String unitOrderNo, long amountFen, LocalDate dueDate) {
        return bill(unitOrderNo, "[{\"itemCode\":\"FINE-TRAFFIC\",\"amountFen\":" + amountFen + "}]", dueDate, null);
    }

    public static String bill(String unitOrderNo, String linesJson, LocalDate dueDate, LocalDate payableUntil) {
        return "{\"unitOrderNo\":\"" + unitOrderNo + "\",\"lines\":" + linesJson
                + ",\"payer\":{\"name\":\"张三\",\"idNumber\":\"" + ID_NUMBER + "\",\"phone\":\"" + PHONE + "\"},"
                + "\"dueDate\":\"" + dueDate + "\",\"payableUntil\":"
                + (payableUntil == null ? "null" : "\"" + payableUntil + "\"")
                + ",\"description\":\"Penalty decision 330106-2026-0042\"}";
    }
}
