package io.govclear.settlement;

import io.govclear.ledger.LedgerService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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

    private final SettlementRepository repo;
    private final SettlementService service;
    private final LedgerService ledger;

    public SettlementIntegrity(SettlementRepository repo, SettlementService service, LedgerService ledger) {
        this.repo = repo;
        this.service = service;
        this.ledger = ledger;
    }

    public Uni<Report> check(LocalDate date) {
        return service.find(date).chain(batch -> repo.integrityFigures(batch.id(), date)
                .chain(row -> ledger.trialBalance(ALL).map(tb -> {
                    Map<String, Long> f = new LinkedHashMap<>();
                    for (String name : new String[] { "lines_net", "collected", "held", "refunds", "deducted",
                            "booked_collections", "booked_refunds", "unit_payable_moved", "outbound_moved",
                            "bad_splits" }) {
                        f.put(camel(name), row.getLong(name));
                    }
                    f.put("batchNet", batch.netFen());
                    f.put("trialBalanceDebitFen", tb.totalDebitFen());
                    f.put("trialBalanceCreditFen", tb.totalCreditFen());
                    long net = f.get("linesNet");
                    boolean posted = batch.status() != BatchStatus.DRAFT;
                    List<String> failed = new ArrayList<>();
                    expect(failed, "net = collected - held - refunds - deducted fees", net,
                            f.get("collected") - f.get("held") - f.get("refunds") - f.get("deducted"));
                    expect(failed, "batch net = lines net", batch.netFen(), net);
                    expect(failed, "booked unit-payable credits = settled collections", f.get("bookedCollections"),
                            f.get("collected") - f.get("held"));
                    expect(failed, "booked unit-payable debits = settled refunds", f.get("bookedRefunds"),
                            f.get("refunds"));
                    expect(failed, "unit payable moved by settlement = net + deducted fees",
                            f.get("unitPayableMoved"), posted ? net + f.get("deducted") : 0);
                    expect(failed, "settlement outbound credited = net", f.get("outboundMoved"), posted ? net : 0);
                    expect(failed, "every line's splits sum to its net", f.get("badSplits"), 0);
                    expect(failed, "trial balance zero", tb.totalDebitFen(), tb.totalCreditFen());
                    return new Report(date, batch.status().name(), failed.isEmpty(), f, failed);
                })));
    }

    private static void expect(List<String> failed, String check, long actual, long expected) {
        if (actual != expected) {
            failed.add(check + ": " + actual + " ≠ " + expected);
        }
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.append("Fen").toString().replace("badSplitsFen", "badSplits");
    }
}
