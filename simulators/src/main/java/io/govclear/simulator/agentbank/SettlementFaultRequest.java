package io.govclear.simulator.agentbank;

import java.math.BigDecimal;

/** Body of POST /sim/agent-bank/faults: {channel, businessDate, kind: LATE|SHORT|MISSING, shortFen (SHORT only)}. */
public record SettlementFaultRequest(String channel, String businessDate, String kind, BigDecimal shortFen) {
}
