package io.govclear.funds;

import io.govclear.funds.BankStatementRepository.Reconciled;
import io.govclear.funds.FundsView.ChannelClass;
import io.govclear.funds.FundsView.ChannelFunds;
import io.govclear.funds.FundsView.PayoutFunds;
import io.govclear.ledger.Accounts;
import io.govclear.ledger.LedgerService;
import io.govclear.settlement.Batch;
import io.govclear.settlement.BatchStatus;
import io.govclear.settlement.SettlementService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three-way check of a business date (GET /api/v1/funds/{date}/integrity), from independent sources: per
 * channel, our transactions (as the reconciliation counted them), with the differences it found (booked to suspense
 * against the channel's clearing), = the channel's statement, and the statement's
 * settlement by the channel's terms = the bank's credits (plus what is still in transit); once the day's settlement
 * is confirmed and the credit is in, that day's {@code channel_clearing:<CH>} nets to zero. The settlement's net = its
 * payout vouchers = the bank's debits of them (once the bank has paid). The ledger's collection account = the bank's
 * last closing balance, and the trial balance is zero.
 */
@Singleton
public class FundsIntegrity {

    /** One channel's figures (fen); {@code status} as in the funds view. */
    public record ChannelCheck(String channel, String status, Long ourPaymentsFen, Long ourRefundsFen,
            long reconciliationDifferenceFen, Long statementPaymentsFen, Long statementRefundsFen, Long feeFen,
            Long expectedCreditFen, long creditedFen, long inTransitFen, long clearingOfDayFen) {
    }

    /** The settlement's figures: its net against the payout vouchers and the bank's debits and returns of them. */
    public record SettlementCheck(String status, Long netFen, long vouchersFen, long debitedFen, long returnedFen,
            int vouchersNotDebited) {
    }

    /** The ledger against the bank. */
    public record LedgerCheck(LocalDate latestStatement, Long bankClosingFen, long collectionAccountFen,
            long trialBalanceDebitFen, long trialBalanceCreditFen) {
    }

    /** The answer: ok when every check holds, with the names and figures of those that failed. */
    public record Report(LocalDate businessDate, boolean ok, List<ChannelCheck> channels, SettlementCheck settlement,
            LedgerCheck ledger, List<String> failed) {
    }

    @Inject FundsService funds;
    @Inject FundsConfig config;
    @Inject BankStatementRepository statements;
    @Inject SettlementService settlements;
    @Inject LedgerService ledger;

    public Uni<Report> check(LocalDate date) {
        String account = config.collectionAccount();
        Uni<Optional<Batch>> batch = settlements.ofDay(date);
        return funds.view(date).chain(view -> statements.reconciled(date).chain(runs -> batch
                .chain(b -> statements.clearingOfDay(date).chain(clearing -> statements.latest(account)
                        .chain(latest -> statements.balance(FundsPostings.COLLECTION)
                                .chain(collection -> statements.paidOn(date)
                                        .chain(paidOn -> ledger.totals().map(tb -> report(date, view, runs, b,
                                                paidOn, clearing, latest, collection, tb.debitFen(),
                                                tb.creditFen())))))))));
    }

    private static Report report(LocalDate date, FundsView view, List<Reconciled> runs, Optional<Batch> batch,
            Optional<LocalDate> paidOn, Map<String, BankStatementRepository.Clearing> clearing, Optional<BankStatementRepository.Statement> latest, long collection,
            long tbDebit, long tbCredit) {
        List<String> failed = new ArrayList<>();
        boolean settled = batch.map(b -> b.status() != BatchStatus.DRAFT).orElse(false);
        List<ChannelCheck> channels = new ArrayList<>();
        for (ChannelFunds c : view.channels()) {
            Optional<Reconciled> run = runs.stream().filter(r -> r.channel().equals(c.channel())).findFirst();
            BankStatementRepository.Clearing moved = clearing.getOrDefault(Accounts.channelClearing(c.channel()),
                    new BankStatementRepository.Clearing(0, 0));
            long clearingOfDay = moved.movedFen();
            long inTransit = c.status() == ChannelClass.IN_TRANSIT && c.expectedFen() != null ? c.expectedFen() : 0;
            channels.add(new ChannelCheck(c.channel(), c.status().name(),
                    run.map(Reconciled::platformFen).orElse(null), run.map(Reconciled::platformRefundFen).orElse(null),
                    moved.reconciliationFen(), run.map(Reconciled::paymentFen).orElse(null), run.map(Reconciled::refundFen).orElse(null),
                    run.map(Reconciled::feeFen).orElse(null), c.expectedFen(), c.creditedFen(), inTransit,
                    clearingOfDay));
            switch (c.status()) {
                case AWAITING_RECONCILIATION -> {
                    if (clearingOfDay != 0) {
                        failed.add(c.channel() + ": collected " + clearingOfDay + " fen but its statement is not"
                                + " reconciled");
                    }
                    continue;
                }
                case MISSING -> failed.add(c.channel() + ": settlement due " + c.dueDate() + " missing: "
                        + c.expectedFen() + " fen");
                case AMOUNT_DIFFERS -> failed.add(c.channel() + ": bank credited " + c.creditedFen() + " ≠ expected "
                        + c.expectedFen());
                default -> {
                }
            }
            Reconciled r = run.orElseThrow();
            // what the reconciliation found different went to suspense against clearing (or back out of it)
            expect(failed, c.channel() + ": our payments − refunds + the reconciliation's differences = the channel's"
                    + " statement", r.platformFen() - r.platformRefundFen() + moved.reconciliationFen(),
                    r.paymentFen() - r.refundFen());
            if (c.status() == ChannelClass.MATCHED && settled) {
                expect(failed, c.channel() + ": clearing of the day nets to zero", clearingOfDay, 0);
            }
        }
        long vouchers = view.payouts().stream().mapToLong(PayoutFunds::sumFen).sum();
        long debited = view.payouts().stream().mapToLong(PayoutFunds::debitedFen).sum();
        long returned = view.payouts().stream().mapToLong(PayoutFunds::returnedFen).sum();
        int notDebited = (int) view.payouts().stream()
                .filter(p -> p.status() == FundsView.PayoutClass.NOT_DEBITED).count();
        if (settled) {
            Batch b = batch.get();
            expect(failed, "settlement net = its payout vouchers", b.netFen(), vouchers);
            // the bank's debits are due in the statement of the day it paid, and after
            if (paidOn.isPresent() && latest.isPresent() && !latest.get().bookingDate().isBefore(paidOn.get())) {
                expect(failed, "payout vouchers = the bank's debits", debited, vouchers);
            }
        }
        view.payouts().stream().filter(p -> p.status() == FundsView.PayoutClass.AMOUNT_DIFFERS)
                .forEach(p -> failed.add(p.voucherNo() + ": debited " + p.debitedFen() + " ≠ " + p.sumFen()));
        Long closing = latest.map(BankStatementRepository.Statement::closingFen).orElse(null);
        if (closing != null) {
            expect(failed, "collection account = the bank's closing balance of " + latest.get().bookingDate(),
                    collection, closing);
        }
        expect(failed, "trial balance zero", tbDebit, tbCredit);
        return new Report(date, failed.isEmpty(), channels,
                new SettlementCheck(batch.map(b -> b.status().name()).orElse("NONE"),
                        batch.map(Batch::netFen).orElse(null), vouchers, debited, returned, notDebited),
                new LedgerCheck(latest.map(BankStatementRepository.Statement::bookingDate).orElse(null), closing,
                        collection, tbDebit, tbCredit),
                failed);
    }

    private static void expect(List<String> failed, String check, long actual, long expected) {
        if (actual != expected) {
            failed.add(check + ": " + actual + " ≠ " + expected);
        }
    }
}
