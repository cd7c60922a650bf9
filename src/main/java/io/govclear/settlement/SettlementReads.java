package io.govclear.settlement;

import io.govclear.settlement.rest.SettlementView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** What finance reads of a batch: its view with lines and holds, and its payout file. */
@ApplicationScoped
public class SettlementReads {

    @Inject SettlementRepository repo;

    public Uni<SettlementView> view(Batch b) {
        return repo.held(b.id()).chain(held -> repo.lines(b.id()).map(rows -> {
            List<SettlementView.Line> lines = new ArrayList<>();
            for (Row r : rows) {
                List<SettlementView.Split> splits = new ArrayList<>();
                Object[] levels = r.getArrayOfStrings("levels");
                Long[] amounts = r.getArrayOfLongs("amounts");
                for (int i = 0; i < levels.length; i++) {
                    if (levels[i] != null) {
                        splits.add(new SettlementView.Split((String) levels[i], amounts[i]));
                    }
                }
                lines.add(new SettlementView.Line(r.getString("unit_code"), r.getString("item_code"),
                        r.getString("destination"), r.getLong("gross_fen"), r.getLong("late_fee_fen"),
                        r.getLong("refund_fen"), r.getLong("fee_fen"), r.getBoolean("fee_deducted"),
                        r.getLong("net_fen"), splits));
            }
            return new SettlementView(b.businessDate().toString(), b.status().name(), b.issueNo(), b.grossFen(),
                    b.refundFen(), b.feeFen(), b.feeDeductedFen(), b.netFen(), b.heldFen(), b.heldRefundFen(),
                    b.carriedInFen(), b.preparedBy(), b.confirmedBy(), b.failure(),
                    held.stream().map(h -> new SettlementView.Held(h.kind(), h.reference(), h.channel(),
                            h.amountFen(), h.reason())).toList(), lines);
        }));
    }

    /** A payout voucher of a batch: its number (the bank debit's reference), where it goes and how much. */
    public record Voucher(String number, String destination, String account, String level, long sumFen) {
    }

    /** The vouchers of a batch's payout file, as the bank executes them. */
    public Uni<List<Voucher>> vouchers(Batch b) {
        return repo.payoutParts(b.id()).map(parts -> PayoutFile.vouchers(b.businessDate(), parts).stream()
                .map(v -> new Voucher(v.number(), v.destination(), v.account(), v.level(), v.sumFen())).toList());
    }

    public Uni<String> payoutFile(Batch b, boolean csv) {
        return repo.payoutParts(b.id()).map(parts -> {
            List<PayoutFile.Voucher> vouchers = PayoutFile.vouchers(b.businessDate(), parts);
            return csv ? PayoutFile.csv(b.businessDate(), vouchers)
                    : PayoutFile.render(b.businessDate(), b.issueNo(), vouchers);
        });
    }
}
