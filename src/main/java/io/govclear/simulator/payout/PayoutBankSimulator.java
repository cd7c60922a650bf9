package io.govclear.simulator.payout;

import io.govclear.settlement.PayoutConfirmations;
import io.govclear.settlement.SettlementService;
import io.govclear.settlement.rest.SettlementResource;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.Map;

/**
 * The simulated payout bank (/sim/payout-bank, dev/test/demo only): told the outcome of a batch's current payout
 * issue, it signs a confirmation with the bank's key and hands it to the same verifying path as the real endpoint
 * ({@link SettlementResource#payoutConfirmation}), so the engine trusts it only because the signature verifies.
 */
@Path("/sim/payout-bank")
public class PayoutBankSimulator {

    /** What the bank is told to answer: PAID or FAILED (with a reason). */
    public record Outcome(String outcome, String reason) {
    }

    private final PayoutConfirmations confirmations;
    private final SettlementService service;

    public PayoutBankSimulator(PayoutConfirmations confirmations, SettlementService service) {
        this.confirmations = confirmations;
        this.service = service;
    }

    @POST
    @Path("/payouts/{businessDate}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> answer(@PathParam("businessDate") String businessDate, Outcome outcome) {
        LocalDate date = LocalDate.parse(businessDate);
        return service.find(date).chain(batch -> {
            byte[] body = confirmations.body(new PayoutConfirmations.Body(date.toString(), batch.issueNo(),
                    outcome.outcome(), "SIM" + date.toString().replace("-", "") + batch.issueNo(), outcome.reason()));
            return confirmations.accept(date, body, confirmations.sign(body))
                    .map(b -> Map.<String, Object>of("businessDate", date.toString(), "status", b.status().name(),
                            "issueNo", b.issueNo()));
        });
    }
}
