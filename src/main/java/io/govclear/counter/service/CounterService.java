package io.govclear.counter.service;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.bank.Bank;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.Transactions;
import io.govclear.counter.BankAnswerCode;
import io.govclear.counter.repository.BankQuery;
import io.govclear.counter.repository.Confirmation;
import io.govclear.counter.repository.CounterRepository;
import io.govclear.order.Dues;
import io.govclear.order.OrderStatus;
import io.govclear.order.Payability;
import io.govclear.order.PaymentCodes;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.service.Bills;
import io.govclear.payment.service.Applied;
import io.govclear.payment.service.PaymentService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The bank counter protocol: a bank queries a bill by payment code, takes the money, confirms it with its serial
 * number, and may reverse it the same business day before its day is reconciled. A confirm books the payment
 * through the payment core (one transaction: attempt, bill, ledger, confirmation) and is idempotent on the serial.
 */
@Singleton
public class CounterService {

    private static final Logger LOG = Logger.getLogger(CounterService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject Transactions transactions;
    @Inject CounterRepository counters;
    @Inject Bills bills;
    @Inject PaymentService payments;
    @Inject CatalogService catalog;
    @Inject Clock clock;
    @Inject GovClearConfig config;

    /**
     * What a bank is told about a bill: the code and, unless refused, the bill, what it was told (also recorded), the
     * bill's dues on the business day, its unit and the unit's settlement account.
     */
    public record Queried(BankAnswerCode code, String paymentCode, StoredOrder order, LocalDate businessDate,
            BankQuery told, Dues dues, Catalog.Unit unit, String payeeAccount) {

        static Queried refused(BankAnswerCode code, String paymentCode) {
            return new Queried(code, paymentCode, null, null, null, null, null, null);
        }
    }

    /** What a bank says it took: the amount, its serial number and when. */
    public record Taken(String paymentCode, long amountFen, String bankSerialNo, Instant paidAt) {
    }

    /** A confirm's answer: the confirmation (code OK, or ALREADY_PAID for a duplicate), or a refusal without one. */
    public record Confirmed(BankAnswerCode code, Confirmation confirmation) {

        static Confirmed of(Confirmation c) {
            return new Confirmed(c.duplicate() ? BankAnswerCode.ALREADY_PAID : BankAnswerCode.OK, c);
        }

        static Confirmed refused(BankAnswerCode code) {
            return new Confirmed(code, null);
        }
    }

    /** A reverse's answer: OK or a refusal, with the confirmation number where there is one. */
    public record Reversed(BankAnswerCode code, String confirmationNo) {
    }

    /** Records the bank's request nonce; false for a replay within the nonce TTL. */
    public Uni<Boolean> recordNonce(Bank bank, String nonce) {
        Instant now = clock.instant();
        return counters.recordNonce(bank, nonce, now, now.minus(config.security().nonceTtl()));
    }

    /** Forgets bank nonces older than the TTL: a plain DELETE, harmless when N instances run it at once. */
    @Scheduled(every = "60s", identity = "bank-nonce-purge", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeNonces() {
        return counters.purgeNonces(clock.instant().minus(config.security().nonceTtl())).replaceWithVoid();
    }

    /**
     * What the bill owes on this business day and in which state it is; recorded, since a confirm needs a prior
     * query by the same bank. A bill the bank may not collect is answered without its details.
     */
    public Uni<Queried> query(Bank bank, String paymentCode) {
        if (!PaymentCodes.isValid(paymentCode)) {
            return Uni.createFrom().item(Queried.refused(BankAnswerCode.CHECK_FAILED, paymentCode));
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        return bills.byCode(paymentCode)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(Queried.refused(BankAnswerCode.NO_SUCH_CODE, paymentCode));
                    }
                    StoredOrder order = found.get();
                    Catalog snapshot = catalog.current();
                    Catalog.Unit unit = snapshot.unit(order.unitId());
                    if (!unit.allowedChannels().contains(bank.channel().name())) {
                        return Uni.createFrom().item(Queried.refused(BankAnswerCode.BANK_NOT_ALLOWED, paymentCode));
                    }
                    Dues dues = Dues.of(order, snapshot, today);
                    BankAnswerCode code = stateOf(order, today);
                    int status = code == BankAnswerCode.ALREADY_PAID ? 1 : code == BankAnswerCode.VOIDED ? 2 : 0;
                    // only a payable bill owes anything; an expired one is unpaid (0) but refused
                    boolean payable = code == BankAnswerCode.OK;
                    BankQuery told = new BankQuery(status, order.principalFen(), payable ? dues.lateFeeFen() : 0,
                            payable ? dues.totalDueFen() : 0);
                    return counters.recordQuery(bank, order.id(), today, told, now)
                            .chain(() -> counters.payeeAccount(order.unitId()))
                            .map(account -> new Queried(code, paymentCode, order, today, told, dues, unit, account));
                });
    }

    /**
     * Books a bank's confirmation. The same confirm again (same serial, same payload) gets the same answer; the same
     * serial with another payload is DUPLICATE_CONFIRMATION. The amount must be what is due on this business day.
     * A bill paid elsewhere after the bank's query is real money: a duplicate payment queued for refund.
     */
    public Uni<Confirmed> confirm(Bank bank, Taken taken) {
        if (!PaymentCodes.isValid(taken.paymentCode())) {
            return Uni.createFrom().item(Confirmed.refused(BankAnswerCode.CHECK_FAILED));
        }
        return confirmOnce(bank, taken)
                // a concurrent confirm with the same serial committed first: answer as its repeat
                .onFailure(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState()))
                .recoverWithUni(() -> confirmOnce(bank, taken));
    }

    private Uni<Confirmed> confirmOnce(Bank bank, Taken taken) {
        return transactions.inTransaction(tx -> bills.lockByCode(tx, taken.paymentCode())
                .chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(Confirmed.refused(BankAnswerCode.NO_SUCH_CODE))
                        : counters.confirmation(tx, bank, taken.bankSerialNo())
                                .chain(existing -> existing.isPresent()
                                        ? Uni.createFrom().item(repeated(existing.get(), taken))
                                        : book(tx, bank, found.get(), taken))))
                .invoke(answer -> LOG.infof("bank %s confirm %s serial %s: %s", bank, taken.paymentCode(),
                        taken.bankSerialNo(), answer.code()));
    }

    private static Confirmed repeated(Confirmation existing, Taken taken) {
        boolean same = existing.paymentCode().equals(taken.paymentCode())
                && existing.amountFen() == taken.amountFen()
                && existing.paidAt().equals(taken.paidAt().truncatedTo(ChronoUnit.MICROS));
        return same ? Confirmed.of(existing) : Confirmed.refused(BankAnswerCode.DUPLICATE_CONFIRMATION);
    }

    private Uni<Confirmed> book(SqlClient tx, Bank bank, StoredOrder order, Taken taken) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        if (!catalog.current().unit(order.unitId()).allowedChannels().contains(bank.channel().name())) {
            return refuse(BankAnswerCode.BANK_NOT_ALLOWED);
        }
        return counters.lastQuery(tx, bank, order.id(), today)
                .chain(told -> {
                    if (told.isEmpty()) {
                        return refuse(BankAnswerCode.NO_PRIOR_QUERY);
                    }
                    BankAnswerCode state = stateOf(order, today);
                    if (state == BankAnswerCode.EXPIRED || state == BankAnswerCode.VOIDED
                            || (state == BankAnswerCode.ALREADY_PAID && told.get().status() != 0)) {
                        return refuse(state);
                    }
                    Optional<Long> lateFee = payableLateFee(order, today, told.get(), taken);
                    if (lateFee.isEmpty()) {
                        return refuse(BankAnswerCode.AMOUNT_MISMATCH);
                    }
                    Instant paidAt = taken.paidAt().truncatedTo(ChronoUnit.MICROS);
                    return payments.bookTaken(tx, order, bank.channel(), lateFee.get(), taken.bankSerialNo(),
                                    paidAt, "bank counter " + bank.code() + " serial " + taken.bankSerialNo(),
                                    "BANK_CONFIRM")
                            .chain(booked -> counters.insertConfirmation(tx, bank, taken.bankSerialNo(),
                                    booked.attempt().paymentId(), booked.attempt().id(), order.id(),
                                    order.paymentCode(), taken.amountFen(), paidAt, today,
                                    booked.applied() == Applied.DUPLICATE_RECORDED, now))
                            .map(Confirmed::of);
                });
    }

    /**
     * The late fee of an acceptable amount: an unpaid bill must be paid with what is due today; a bill paid since the
     * bank was told it was unpaid is taken (as a duplicate) for the amount the bank was told. Empty: a mismatch.
     */
    private Optional<Long> payableLateFee(StoredOrder order, LocalDate today, BankQuery told, Taken taken) {
        if (order.status() == OrderStatus.UNPAID) {
            long lateFee = Dues.of(order, catalog.current(), today).lateFeeFen();
            return order.principalFen() + lateFee == taken.amountFen() ? Optional.of(lateFee) : Optional.empty();
        }
        return told.status() == 0 && told.amountDueFen() == taken.amountFen() ? Optional.of(told.lateFeeFen())
                : Optional.empty();
    }

    private static Uni<Confirmed> refuse(BankAnswerCode code) {
        return Uni.createFrom().item(Confirmed.refused(code));
    }

    /**
     * Takes back a confirmation (冲销): only on its business day and before the bank's day is reconciled. The attempt
     * becomes REVERSED, the bill UNPAID again (or the duplicate payment is withdrawn), and the posting is reversed,
     * in one transaction. Reversing again answers OK and changes nothing.
     */
    public Uni<Reversed> reverse(Bank bank, String paymentCode, String bankSerialNo) {
        if (!PaymentCodes.isValid(paymentCode)) {
            return Uni.createFrom().item(new Reversed(BankAnswerCode.CHECK_FAILED, null));
        }
        return transactions.inTransaction(tx -> bills.lockByCode(tx, paymentCode)
                // the bill first, then the confirmation: the same lock order as a confirm
                .chain(order -> counters.lockConfirmation(tx, bank, bankSerialNo))
                .chain(found -> {
                    if (found.isEmpty() || !found.get().paymentCode().equals(paymentCode)) {
                        return Uni.createFrom().item(new Reversed(BankAnswerCode.NO_SUCH_CONFIRMATION, null));
                    }
                    Confirmation c = found.get();
                    LocalDate today = LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
                    BankAnswerCode refusal = c.reversed() ? null
                            : c.reconciledAt() != null ? BankAnswerCode.ALREADY_RECONCILED
                            : !c.businessDate().equals(today) ? BankAnswerCode.REVERSAL_TOO_LATE
                            : null;
                    if (c.reversed() || refusal != null) {
                        return Uni.createFrom().item(new Reversed(refusal == null ? BankAnswerCode.OK : refusal,
                                c.confirmationNo()));
                    }
                    return payments.reverseTaken(tx, c.confirmationNo(),
                                    "reversed by bank " + bank.code() + " serial " + c.bankSerialNo(), "BANK_REVERSE")
                            .chain(reversal -> reversal == PaymentService.Reversal.NOT_REVERSIBLE
                                    ? Uni.createFrom().item(
                                            new Reversed(BankAnswerCode.NOT_REVERSIBLE, c.confirmationNo()))
                                    : counters.markReversed(tx, c.id(), clock.instant())
                                            .map(done -> new Reversed(BankAnswerCode.OK, c.confirmationNo())));
                }))
                .invoke(answer -> LOG.infof("bank %s reverse %s serial %s: %s", bank, paymentCode, bankSerialNo,
                        answer.code()));
    }

    /** OK for a payable bill, else why not: ALREADY_PAID (paid or refunded), VOIDED (cancelled), EXPIRED. */
    private static BankAnswerCode stateOf(StoredOrder order, LocalDate today) {
        return switch (order.status()) {
            case UNPAID -> Payability.payable(order, today) ? BankAnswerCode.OK : BankAnswerCode.EXPIRED;
            case PAID, PARTIALLY_REFUNDED, REFUNDED -> BankAnswerCode.ALREADY_PAID;
            case CANCELLED -> BankAnswerCode.VOIDED;
            case EXPIRED -> BankAnswerCode.EXPIRED;
        };
    }
}
