package io.govclear.funds;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.audit.AuditLog;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.common.Rows;
import io.govclear.common.Transactions;
import io.govclear.settlement.Batch;
import io.govclear.settlement.BatchStatus;
import io.govclear.settlement.SettlementReads;
import io.govclear.settlement.SettlementService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The treasury's receipts (缴库回执) of the payout vouchers paid to a treasury, relayed by the payout bank signed as
 * its confirmations are (X-Payout-Signature): each must name a voucher of a paid-out batch, with its treasury code and
 * sum; the same receipt again changes nothing, another receipt for the voucher is refused. A voucher whose receipt has
 * not come {@code govclear.funds.treasury-receipt-within} after the bank paid the batch is listed as overdue.
 */
@Singleton
public class TreasuryReceipts {

    /** The body the payout bank relays. */
    public record Body(String receiptNo, String voucherNo, String businessDate, String treasuryCode, Long amountFen,
            String receivedOn) {
    }

    /** A treasury voucher and its receipt, if any; {@code overdue} when it should have come by now. */
    public record VoucherReceipt(LocalDate businessDate, String voucherNo, String treasuryCode, String level,
            long sumFen, Instant paidAt, String receiptNo, LocalDate receivedOn, boolean overdue) {
    }

    /** How many days back the overdue list looks. */
    static final int LOOK_BACK_DAYS = 93;

    @Inject Transactions transactions;
    @Inject Pool pool;
    @Inject SettlementService settlements;
    @Inject SettlementReads reads;
    @Inject FundsConfig config;
    @Inject AuditLog audit;
    @Inject ObjectMapper json;
    @Inject Clock clock;

    /** Records a receipt whose signature verified; the voucher with its receipt. */
    public Uni<VoucherReceipt> accept(byte[] raw) {
        Body body = parse(raw);
        String receiptNo = RequiredText.of("receiptNo", body.receiptNo(), 35);
        String voucherNo = RequiredText.of("voucherNo", body.voucherNo(), 20);
        LocalDate date = date("businessDate", body.businessDate());
        LocalDate receivedOn = date("receivedOn", body.receivedOn());
        String treasury = RequiredText.of("treasuryCode", body.treasuryCode(), 20);
        if (body.amountFen() == null || body.amountFen() <= 0) {
            throw ProblemException.invalid("amountFen", "must be the voucher's sum in fen, a positive whole number");
        }
        Instant now = clock.instant();
        return vouchers(date).chain(found -> {
            VoucherReceipt v = found.stream().filter(x -> x.voucherNo().equals(voucherNo)).findFirst()
                    .orElseThrow(() -> new ProblemException(ProblemCode.TREASURY_VOUCHER_NOT_FOUND, "No treasury"
                            + " voucher " + voucherNo + " in the paid-out settlement of " + date));
            if (!v.treasuryCode().equals(treasury) || v.sumFen() != body.amountFen()
                    || receivedOn.isBefore(date)) {
                throw new ProblemException(ProblemCode.TREASURY_RECEIPT_MISMATCH, "Voucher " + voucherNo + " paid "
                        + v.sumFen() + " fen to treasury " + v.treasuryCode() + "; the receipt says "
                        + body.amountFen() + " fen to " + treasury + " on " + receivedOn);
            }
            return transactions.inTransaction(tx -> tx.preparedQuery("INSERT INTO treasury_receipt (voucher_no,"
                                    + " business_date, receipt_no, treasury_code, amount_fen, received_on, recorded_at)"
                                    + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING")
                            .execute(Tuple.from(new Object[] { voucherNo, date, receiptNo, treasury, body.amountFen(),
                                receivedOn, Rows.at(now) }))
                            .chain(rows -> rows.rowCount() == 1
                                    ? audit.append(tx, now, "payout-bank", "TREASURY_RECEIPT_RECORDED",
                                            "PAYOUT_VOUCHER", voucherNo, Map.of("receiptNo", receiptNo,
                                                    "amountFen", body.amountFen(), "receivedOn", receivedOn.toString()))
                                    : same(tx, voucherNo, receiptNo)))
                    .replaceWith(new VoucherReceipt(date, voucherNo, treasury, v.level(), v.sumFen(), v.paidAt(),
                            receiptNo, receivedOn, false));
        });
    }

    /** The treasury vouchers of a business date's settlement, each with its receipt (none before the bank paid). */
    public Uni<List<VoucherReceipt>> vouchers(LocalDate date) {
        return settlements.ofDay(date)
                .chain(batch -> batch.filter(b -> b.status() == BatchStatus.PAID).isEmpty()
                        ? Uni.createFrom().item(List.of()) : withReceipts(batch.get()));
    }

    /** Every treasury voucher of the last {@value #LOOK_BACK_DAYS} days whose receipt is overdue. */
    public Uni<List<VoucherReceipt>> overdue() {
        LocalDate since = LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE).minusDays(LOOK_BACK_DAYS);
        return pool.preparedQuery("SELECT business_date FROM settlement_batch WHERE status = 'PAID'"
                        + " AND business_date >= $1 AND paid_at < $2 ORDER BY business_date")
                .execute(Tuple.of(since, Rows.at(clock.instant().minus(config.treasuryReceiptWithin()))))
                .map(rows -> Rows.list(rows, r -> r.getLocalDate(0)))
                .chain(dates -> Multi.createFrom().iterable(dates).onItem().transformToUniAndConcatenate(this::vouchers)
                        .collect().asList())
                .map(lists -> lists.stream().flatMap(List::stream).filter(VoucherReceipt::overdue).toList());
    }

    private Uni<List<VoucherReceipt>> withReceipts(Batch batch) {
        Instant due = clock.instant().minus(config.treasuryReceiptWithin());
        return pool.preparedQuery("SELECT paid_at FROM settlement_batch WHERE id = $1").execute(Tuple.of(batch.id()))
                .map(rows -> Rows.instant(rows.iterator().next(), 0))
                .chain(paidAt -> reads.vouchers(batch).chain(vouchers -> pool.preparedQuery("SELECT voucher_no,"
                                + " receipt_no, received_on FROM treasury_receipt WHERE business_date = $1")
                        .execute(Tuple.of(batch.businessDate()))
                        .map(rows -> {
                            Map<String, Received> receipts = new HashMap<>();
                            rows.forEach(r -> receipts.put(r.getString(0),
                                    new Received(r.getString(1), r.getLocalDate(2))));
                            return vouchers.stream().filter(v -> "TREASURY".equals(v.destination())).map(v -> {
                                Received receipt = receipts.get(v.number());
                                return new VoucherReceipt(batch.businessDate(), v.number(), v.account(), v.level(),
                                        v.sumFen(), paidAt, receipt == null ? null : receipt.receiptNo(),
                                        receipt == null ? null : receipt.on(), receipt == null && paidAt.isBefore(due));
                            }).toList();
                        })));
    }

    /** A receipt as recorded. */
    private record Received(String receiptNo, LocalDate on) {
    }

    /** The voucher already has a receipt: the same one is a repeat, another one a conflict. */
    private Uni<Void> same(SqlClient tx, String voucherNo, String receiptNo) {
        return tx.preparedQuery("SELECT voucher_no, receipt_no FROM treasury_receipt WHERE voucher_no = $1"
                        + " OR receipt_no = $2")
                .execute(Tuple.of(voucherNo, receiptNo))
                .invoke(rows -> rows.forEach(r -> {
                    if (!r.getString(0).equals(voucherNo) || !r.getString(1).equals(receiptNo)) {
                        throw new ProblemException(ProblemCode.TREASURY_RECEIPT_CONFLICT, "Voucher " + voucherNo
                                + " or receipt " + receiptNo + " is already recorded with another");
                    }
                }))
                .replaceWithVoid();
    }

    private Body parse(byte[] raw) {
        try {
            Body body = json.readerFor(Body.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(raw);
            if (body == null) {
                throw new ProblemException(ProblemCode.BODY_INVALID, "The receipt is a JSON object, not null");
            }
            return body;
        } catch (IOException e) {
            throw new ProblemException(ProblemCode.BODY_INVALID, "The receipt is not the expected JSON");
        }
    }

    private static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(RequiredText.of(field, text, 10));
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date like 2026-12-08");
        }
    }
}
