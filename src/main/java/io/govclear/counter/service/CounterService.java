package io.govclear.counter.service;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.bank.Bank;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.counter.BankAnswerCode;
import io.govclear.counter.repository.BankQuery;
import io.govclear.counter.repository.Confirmation;
import io.govclear.counter.repository.CounterRepository;
import io.govclear.counter.rest.ConfirmAnswer;
import io.govclear.counter.rest.ConfirmRequest;
import io.govclear.counter.rest.QueryAnswer;
import io.govclear.counter.rest.ReverseAnswer;
import io.govclear.counter.rest.ReverseRequest;
import io.govclear.order.OrderStatus;
import io.govclear.order.PaymentCodes;
import io.govclear.order.repository.OrderRepository;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.rest.BillResponse;
import io.govclear.order.rest.OrderViews;
import io.govclear.payment.service.Applied;
import io.govclear.payment.service.PaymentService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
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

    private final CounterRepository counters;
    private final OrderRepository orders;
    private final OrderViews views;
    private final PaymentService payments;
    private final CatalogService catalog;
    private final Clock clock;
    private final GovClearConfig config;

    public CounterService(CounterRepository counters, OrderRepository orders, OrderViews views,
            PaymentService payments, CatalogService catalog, Clock clock, GovClearConfig config) {
        this.counters = counters;
        this.orders = orders;
        this.views = views;
        this.payments = payments;
        this.catalog = catalog;
        this.clock = clock;
        this.config = config;
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
    public Uni<QueryAnswer> query(Bank bank, String paymentCode) {
        if (!PaymentCodes.isValid(paymentCode)) {
            return Uni.createFrom().item(QueryAnswer.refused(BankAnswerCode.CHECK_FAILED, paymentCode));
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        return orders.findByCode(paymentCode)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(QueryAnswer.refused(BankAnswerCode.NO_SUCH_CODE, paymentCode));
                    }
                    StoredOrder order = found.get();
                    Catalog.Unit unit = catalog.current().unit(order.unitId());
                    if (!unit.allowedChannels().contains(bank.channel().name())) {
                        return Uni.createFrom().item(QueryAnswer.refused(BankAnswerCode.BANK_NOT_ALLOWED,
                                paymentCode));
                    }
                    BillResponse bill = views.bill(order, today);
                    BankAnswerCode code = stateOf(order, today);
                    int status = code == BankAnswerCode.ALREADY_PAID ? 1 : code == BankAnswerCode.VOIDED ? 2 : 0;
                    // only a payable bill owes anything; an expired one is unpaid (0) but refused
                    boolean payable = code == BankAnswerCode.OK;
                    BankQuery told = new BankQuery(status, order.principalFen(), payable ? bill.lateFeeFen() : 0,
                            payable ? bill.totalDueFen() : 0);
                    return counters.recordQuery(bank, order.id(), today, told, now)
                            .chain(() -> counters.payeeAccount(order.unitId()))
                            .map(account -> new QueryAnswer(code.code(), code.name(), code.message(), paymentCode,
                                    status, told.amountDueFen(), order.principalFen(), told.lateFeeFen(),
                                    bill.overdueDays(), today, order.payerNameMasked(), bill.unit(), bill.lines(),
                                    new QueryAnswer.Payee(unit.name(), account)));
                });
    }

    /**
     * Books a bank's confirmation. The same confirm again (same serial, same payload) gets the same answer; the same
     * serial with another payload is DUPLICATE_CONFIRMATION. The amount must be what is due on this business day.
     * A bill paid elsewhere after the bank's query is real money: a duplicate payment queued for refund.
     */
    public Uni<ConfirmAnswer> confirm(Bank bank, ConfirmRequest request) {
        if (!PaymentCodes.isValid(request.paymentCode())) {
            return Uni.createFrom().item(ConfirmAnswer.refused(BankAnswerCode.CHECK_FAILED, request));
        }
        return confirmOnce(bank, request)
                // a concurrent confirm with the same serial committed first: answer as its repeat
                .onFailure(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState()))
                .recoverWithUni(() -> confirmOnce(bank, request));
    }

    private Uni<ConfirmAnswer> confirmOnce(Bank bank, ConfirmRequest request) {
        return counters.pool().withTransaction(tx -> orders.lockByCode(tx, request.paymentCode())
                .chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(ConfirmAnswer.refused(BankAnswerCode.NO_SUCH_CODE, request))
                        : counters.confirmation(tx, bank, request.bankSerialNo())
                                .chain(existing -> existing.isPresent()
                                        ? Uni.createFrom().item(repeated(existing.get(), request))
                                        : book(tx, bank, found.get(), request))))
                .invoke(answer -> LOG.infof("bank %s confirm %s serial %s: %s", bank, request.paymentCode(),
                        request.bankSerialNo(), answer.answer()));
    }

    private static ConfirmAnswer repeated(Confirmation existing, ConfirmRequest request) {
        boolean same = existing.paymentCode().equals(request.paymentCode())
                && existing.amountFen() == request.amountFen()
                && existing.paidAt().equals(request.paidAt().toInstant().truncatedTo(ChronoUnit.MICROS));
        return same ? ConfirmAnswer.of(existing)
                : ConfirmAnswer.refused(BankAnswerCode.DUPLICATE_CONFIRMATION, request);
    }

    private Uni<ConfirmAnswer> book(SqlClient tx, Bank bank, StoredOrder order, ConfirmRequest request) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        if (!catalog.current().unit(order.unitId()).allowedChannels().contains(bank.channel().name())) {
            return Uni.createFrom().item(ConfirmAnswer.refused(BankAnswerCode.BANK_NOT_ALLOWED, request));
        }
        return counters.lastQuery(tx, bank, order.id(), today)
                .chain(told -> {
                    if (told.isEmpty()) {
                        return refuse(BankAnswerCode.NO_PRIOR_QUERY, request);
                    }
                    BankAnswerCode state = stateOf(order, today);
                    if (state == BankAnswerCode.EXPIRED || state == BankAnswerCode.VOIDED
                            || (state == BankAnswerCode.ALREADY_PAID && told.get().status() != 0)) {
                        return refuse(state, request);
                    }
                    Optional<Long> lateFee = payableLateFee(order, today, told.get(), request);
                    if (lateFee.isEmpty()) {
                        return refuse(BankAnswerCode.AMOUNT_MISMATCH, request);
                    }
                    Instant paidAt = request.paidAt().toInstant().truncatedTo(ChronoUnit.MICROS);
                    return payments.bookTaken(tx, order, bank.channel(), lateFee.get(), request.bankSerialNo(),
                                    paidAt, "bank counter " + bank.code() + " serial " + request.bankSerialNo(),
                                    "BANK_CONFIRM")
                            .chain(booked -> counters.insertConfirmation(tx, bank, request.bankSerialNo(),
                                    booked.attempt().paymentId(), booked.attempt().id(), order.id(),
                                    order.paymentCode(), request.amountFen(), paidAt, today,
                                    booked.applied() == Applied.DUPLICATE_RECORDED, now))
                            .map(ConfirmAnswer::of);
                });
    }

    /**
     * The late fee of an acceptable amount: an unpaid bill must be paid with what is due today; a bill paid since the
     * bank was told it was unpaid is taken (as a duplicate) for the amount the bank was told. Empty: a mismatch.
     */
    private Optional<Long> payableLateFee(StoredOrder order, LocalDate today, BankQuery told,
            ConfirmRequest request) {
        if (order.status() == OrderStatus.UNPAID) {
            long lateFee = views.lateFeeFen(order, today);
            return order.principalFen() + lateFee == request.amountFen() ? Optional.of(lateFee) : Optional.empty();
        }
        return told.status() == 0 && told.amountDueFen() == request.amountFen() ? Optional.of(told.lateFeeFen())
                : Optional.empty();
    }

    private static Uni<ConfirmAnswer> refuse(BankAnswerCode code, ConfirmRequest request) {
        return Uni.createFrom().item(ConfirmAnswer.refused(code, request));
    }

    /**
     * Takes back a confirmation (冲销): only on its business day and before the bank's day is reconciled. The attempt
     * becomes REVERSED, the bill UNPAID again (or the duplicate payment is withdrawn), and the posting is reversed,
     * in one transaction. Reversing again answers OK and changes nothing.
     */
    public Uni<ReverseAnswer> reverse(Bank bank, ReverseRequest request) {
        if (!PaymentCodes.isValid(request.paymentCode())) {
            return Uni.createFrom().item(ReverseAnswer.of(BankAnswerCode.CHECK_FAILED, request, null));
        }
        return counters.pool().withTransaction(tx -> orders.lockByCode(tx, request.paymentCode())
                // the bill first, then the confirmation: the same lock order as a confirm
                .chain(order -> counters.lockConfirmation(tx, bank, request.bankSerialNo()))
                .chain(found -> {
                    if (found.isEmpty() || !found.get().paymentCode().equals(request.paymentCode())) {
                        return Uni.createFrom().item(
                                ReverseAnswer.of(BankAnswerCode.NO_SUCH_CONFIRMATION, request, null));
                    }
                    Confirmation c = found.get();
                    LocalDate today = LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
                    BankAnswerCode refusal = c.reversed() ? null
                            : c.reconciledAt() != null ? BankAnswerCode.ALREADY_RECONCILED
                            : !c.businessDate().equals(today) ? BankAnswerCode.REVERSAL_TOO_LATE
                            : null;
                    if (c.reversed() || refusal != null) {
                        return Uni.createFrom().item(ReverseAnswer.of(refusal == null ? BankAnswerCode.OK : refusal,
                                request, c.confirmationNo()));
                    }
                    return payments.reverseTaken(tx, c.confirmationNo(),
                                    "reversed by bank " + bank.code() + " serial " + c.bankSerialNo(), "BANK_REVERSE")
                            .chain(reversal -> reversal == PaymentService.Reversal.NOT_REVERSIBLE
                                    ? Uni.createFrom().item(
                                            ReverseAnswer.of(BankAnswerCode.NOT_REVERSIBLE, request,
                                                    c.confirmationNo()))
                                    : counters.markReversed(tx, c.id(), clock.instant())
                                            .map(done -> ReverseAnswer.of(BankAnswerCode.OK, request,
                                                    c.confirmationNo())));
                }))
                .invoke(answer -> LOG.infof("bank %s reverse %s serial %s: %s", bank, request.paymentCode(),
                        request.bankSerialNo(), answer.answer()));
    }

    /** OK for a payable bill, else why not: ALREADY_PAID (paid or refunded), VOIDED (cancelled), EXPIRED. */
    private static BankAnswerCode stateOf(StoredOrder order, LocalDate today) {
        return switch (order.status()) {
            case UNPAID -> OrderViews.payable(order, today) ? BankAnswerCode.OK : BankAnswerCode.EXPIRED;
            case PAID, PARTIALLY_REFUNDED, REFUNDED -> BankAnswerCode.ALREADY_PAID;
            case CANCELLED -> BankAnswerCode.VOIDED;
            case EXPIRED -> BankAnswerCode.EXPIRED;
        };
    }
}
