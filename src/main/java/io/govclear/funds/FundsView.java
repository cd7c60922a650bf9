package io.govclear.funds;

import io.govclear.funds.BankStatementRepository.Reconciled;
import io.govclear.funds.BankStatementRepository.StoredEntry;
import io.govclear.security.Masking;
import io.govclear.settlement.SettlementReads.Voucher;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The three-way view of a business date (GET /api/v1/funds/{date}): per channel, what its reconciled statement says
 * it owes us, what the bank credited for that date and the class; each payout voucher of the date's settlement and
 * its bank debit; and the entries booked that day that nobody explains.
 */
public record FundsView(LocalDate businessDate, String account, LocalDate latestStatement, List<ChannelFunds> channels,
        List<PayoutFunds> payouts, List<Unexplained> unexplained) {

    /** How a channel's settlement of the date stands against the bank. */
    public enum ChannelClass {
        /** The credit is the expected amount. */
        MATCHED,
        /** Not yet due: the bank's statement of the due date is not loaded yet. */
        IN_TRANSIT,
        /** Due and not credited: an alarm. */
        MISSING,
        /** Credited, but not the expected amount. */
        AMOUNT_DIFFERS,
        /** The channel's statement of the date is not reconciled yet, so nothing is expected yet. */
        AWAITING_RECONCILIATION
    }

    /** A channel's settlement of the date; {@code expectedFen} null until its statement is reconciled. */
    public record ChannelFunds(String channel, String settles, LocalDate dueDate, Long expectedFen, long creditedFen,
            List<String> bankReferences, ChannelClass status) {
    }

    /** How a payout voucher stands against the bank. */
    public enum PayoutClass {
        /** Debited for the voucher's sum. */
        DEBITED,
        /** Not debited (yet). */
        NOT_DEBITED,
        /** Debited for another sum. */
        AMOUNT_DIFFERS,
        /** Debited, then sent back by the receiving bank (退汇). */
        RETURNED
    }

    /** A payout voucher; {@code account} masked. */
    public record PayoutFunds(String voucherNo, String destination, String account, String level, long sumFen,
            long debitedFen, long returnedFen, String returnReason, PayoutClass status) {
    }

    /**
     * An entry nobody explains (in suspense), with the live decision on it if any: a claim to a bill or a return,
     * PENDING or APPROVED (then the money has left suspense).
     */
    public record Unexplained(LocalDate bookingDate, String direction, long amountFen, String reference,
            String bankReference, String counterpartyName, String counterpartyAccount, String remittance,
            Decision decision) {
    }

    /** A decision on an unexplained entry. */
    public record Decision(long id, String kind, String status, String paymentCode) {
    }

    static FundsView of(LocalDate date, String account, Optional<LocalDate> latest, FundsConfig config,
            List<Reconciled> runs, List<StoredEntry> entries, List<Voucher> vouchers) {
        List<ChannelFunds> channels = new ArrayList<>();
        for (Map.Entry<String, FundsConfig.Terms> terms : new TreeMap<>(config.channels()).entrySet()) {
            String channel = terms.getKey();
            FundsConfig.Terms t = terms.getValue();
            LocalDate due = date.plusDays(t.delayDays());
            Long expected = runs.stream().filter(r -> r.channel().equals(channel) && "COMPLETED".equals(r.status()))
                    .findFirst().map(r -> r.paymentFen() - r.refundFen()
                            - (t.settles() == FundsConfig.Settles.NET ? r.feeFen() : 0)).orElse(null);
            List<StoredEntry> credits = entries.stream().filter(e -> e.kind() == EntryKind.CHANNEL_SETTLEMENT
                    && channel.equals(e.channel()) && date.equals(e.settledDate())).toList();
            long credited = credits.stream().mapToLong(FundsView::signed).sum();
            ChannelClass status;
            if (expected == null) {
                status = ChannelClass.AWAITING_RECONCILIATION;
            } else if (!credits.isEmpty() || expected == 0) {
                status = credited == expected ? ChannelClass.MATCHED : ChannelClass.AMOUNT_DIFFERS;
            } else {
                status = latest.isPresent() && !latest.get().isBefore(due) ? ChannelClass.MISSING
                        : ChannelClass.IN_TRANSIT;
            }
            channels.add(new ChannelFunds(channel, t.settles().name(), due, expected, credited,
                    credits.stream().map(StoredEntry::bankReference).toList(), status));
        }
        List<PayoutFunds> payouts = new ArrayList<>();
        for (Voucher v : vouchers) {
            long debited = entries.stream().filter(e -> e.kind() == EntryKind.PAYOUT && v.number().equals(e.voucherNo()))
                    .mapToLong(StoredEntry::amountFen).sum();
            List<StoredEntry> returns = entries.stream().filter(e -> e.kind() == EntryKind.PAYOUT_RETURN
                    && v.number().equals(e.voucherNo())).toList();
            long returned = returns.stream().mapToLong(StoredEntry::amountFen).sum();
            PayoutClass status = returned > 0 ? PayoutClass.RETURNED : debited == 0 ? PayoutClass.NOT_DEBITED
                    : debited == v.sumFen() ? PayoutClass.DEBITED : PayoutClass.AMOUNT_DIFFERS;
            payouts.add(new PayoutFunds(v.number(), v.destination(), Masking.account(v.account()),
                    v.level(), v.sumFen(), debited, returned,
                    returns.isEmpty() ? null : returns.get(0).returnReason(), status));
        }
        List<Unexplained> unexplained = entries.stream().filter(e -> date.equals(e.bookingDate())
                        && (e.kind() == EntryKind.UNKNOWN_CREDIT || e.kind() == EntryKind.UNKNOWN_DEBIT))
                .map(e -> new Unexplained(e.bookingDate(), e.direction(), e.amountFen(), e.reference(),
                        e.bankReference(), e.counterpartyName(), e.counterpartyMasked(), e.remittance(),
                        e.decisionId() == null ? null : new Decision(e.decisionId(), e.decisionKind(),
                                e.decisionStatus(), e.decisionBill())))
                .toList();
        return new FundsView(date, Masking.account(account), latest.orElse(null), channels,
                payouts, unexplained);
    }

    private static long signed(StoredEntry e) {
        return "CREDIT".equals(e.direction()) ? e.amountFen() : -e.amountFen();
    }
}
