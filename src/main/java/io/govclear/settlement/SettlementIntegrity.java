package io.govclear.settlement;

import io.govclear.ledger.LedgerService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proves a batch to the fen from independent sources: its lines' net = the collections it settled − held amounts −
 * refunds − fees deducted; the unit-payable credits the books made for exactly those payments (and debits for those
 * refunds) agree with the batch; once confirmed, the batch's own postings moved unit payable by net + deducted fees
 * and settlement outbound by net; every line's splits sum to its net; and the whole trial balance is zero.
 */
@ApplicationScoped
public class SettlementIntegrity {

    /** The outcome: ok when every check holds; the figures (fen) and the names of the checks that failed. */
    public record Report(LocalDate businessDate, String status, boolean ok, Map<String, Long> figures,
            List<String> failed) {
    }

    private static final LocalDate ALL = LocalDate.of(9999, 12, 31);

    @Inject SettlementRepository repo;
    @Inject SettlementService service;
    @Inject LedgerService ledger;

    public Uni<Report> check(LocalDate date) {
        return service.find(date).chain(batch -> repo.integrityFigures(batch.id(), date)
                .chain(row -> ledger.trialBalance(ALL).map(tb -> {
                    long net = row.getLong("lines_net");
                    long collected = row.getLong("collected");
                    long held = row.getLong("held");
                    long refunds = row.getLong("refunds");
                    long deducted = row.getLong("deducted");
                    long unitPayableMoved = row.getLong("unit_payable_moved");
                    long outboundMoved = row.getLong("outbound_moved");
                    Map<String, Long> f = new LinkedHashMap<>();
                    f.put("collectedFen", collected);
                    f.put("heldFen", held);
                    f.put("refundFen", refunds);
                    f.put("feeDeductedFen", deducted);
                    f.put("netFen", net);
                    f.put("batchNetFen", batch.netFen());
                    f.put("bookedCollectionsFen", row.getLong("booked_collections"));
                    f.put("bookedRefundsFen", row.getLong("booked_refunds"));
                    f.put("unitPayableMovedFen", unitPayableMoved);
                    f.put("outboundMovedFen", outboundMoved);
                    f.put("linesWithBadSplits", row.getLong("bad_splits"));
                    f.put("trialBalanceDebitFen", tb.totalDebitFen());
                    f.put("trialBalanceCreditFen", tb.totalCreditFen());
                    boolean posted = batch.status() != BatchStatus.DRAFT;
                    List<String> failed = new ArrayList<>();
                    expect(failed, "net = collected - held - refunds - deducted fees", net,
                            collected - held - refunds - deducted);
                    expect(failed, "batch net = lines net", batch.netFen(), net);
                    expect(failed, "booked unit-payable credits = settled collections",
                            row.getLong("booked_collections"), collected - held);
                    expect(failed, "booked unit-payable debits = settled refunds", row.getLong("booked_refunds"),
                            refunds);
                    expect(failed, "unit payable moved by settlement = net + deducted fees", unitPayableMoved,
                            posted ? net + deducted : 0);
                    expect(failed, "settlement outbound credited = net", outboundMoved, posted ? net : 0);
                    expect(failed, "every line's splits sum to its net", row.getLong("bad_splits"), 0);
                    expect(failed, "trial balance zero", tb.totalDebitFen(), tb.totalCreditFen());
                    return new Report(date, batch.status().name(), failed.isEmpty(), f, failed);
                })));
    }

    private static void expect(List<String> failed, String check, long actual, long expected) {
        if (actual != expected) {
            failed.add(check + ": " + actual + " ≠ " + expected);
        }
    }
}
