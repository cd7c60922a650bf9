package io.govclear.payment.service;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.PaymentChannel;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Transactions;
import io.govclear.ledger.Accounts;
import io.govclear.ledger.LedgerService;
import io.govclear.ledger.Posting;
import io.govclear.order.Dues;
import io.govclear.order.OrderStatus;
import io.govclear.order.Payability;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.service.Bills;
import io.govclear.order.service.OrderService;
import io.govclear.payment.AttemptStatus;
import io.govclear.payment.DuplicatePaymentStatus;
import io.govclear.payment.repository.AttemptRepository.Change;
import io.govclear.payment.repository.AttemptRepository;
import io.govclear.payment.repository.DuplicatePaymentRepository;
import io.govclear.payment.repository.StoredAttempt;
import io.govclear.payment.routing.ChannelRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checkout and the one place where a channel's answer (notify or query) changes an attempt and its bill: under a row
 * lock, with compare-and-set transitions and the ledger posting in the same transaction.
 */
@Singleton
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    private static final DateTimeFormatter ID_DATE = DateTimeFormatter.ofPattern("yyMMdd");

    @Inject Transactions transactions;
    @Inject OrderService orderService;
    @Inject Bills bills;
    @Inject AttemptRepository attempts;
    @Inject DuplicatePaymentRepository duplicates;
    @Inject ChannelRegistry channels;
    @Inject LedgerService ledger;
    @Inject CatalogService catalog;
    @Inject Clock clock;
    @Inject GovClearConfig config;
    @Inject ChannelRouter router;
    @Inject QueryBackoff backoff;
    @Inject PaymentMetrics metrics;

    /**
     * Starts paying a bill on a channel: freezes today's late fee into a new attempt (its id is the merchant order
     * number the channel sees) and creates the trade at the channel. An open attempt on the same channel for the same
     * amount is returned instead of a second one.
     */
    public Uni<StoredAttempt> checkout(String paymentCode, Channel requested) {
        return orderService.findPublic(paymentCode)
                .chain(order -> {
                    LocalDate today = LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
                    if (!Payability.payable(order, today)) {
                        throw new ProblemException(ProblemCode.ORDER_NOT_PAYABLE, "Bill " + paymentCode + " is "
                                + (order.status() == OrderStatus.UNPAID ? "past its payable-until date"
                                        : order.status().name()));
                    }
                    ChannelRouter.Route route = router.choose(catalog.current().unit(order.unitId()), requested);
                    Channel channel = route.channel();
                    long lateFee = Dues.of(order, catalog.current(), today).lateFeeFen();
                    return attempts.findOpen(order.id(), channel)
                            .chain(open -> reuseOrReplace(open, order.principalFen() + lateFee))
                            .chain(reusable -> reusable.isPresent()
                                    ? ensureCreatedAtChannel(order, reusable.get())
                                    : create(order, channel, lateFee, route.reason()));
                });
    }

    public Uni<StoredAttempt> attempt(String paymentId) {
        return attempts.findByPaymentId(paymentId)
                .map(found -> found.orElseThrow(() -> new ProblemException(ProblemCode.PAYMENT_NOT_FOUND,
                        "No payment " + paymentId)));
    }

    public Uni<List<StoredAttempt>> attemptsOf(long orderId) {
        return attempts.listForOrder(orderId);
    }

    /** Per channel, the payments paid from {@code from} to {@code to} as booked, with their delays. */
    public Uni<java.util.Map<io.govclear.channel.Channel, AttemptRepository.Bookings>> bookings(Instant from,
            Instant to) {
        return attempts.bookings(from, to);
    }

    /** Per unit, its bills' payments in each of the {@code days} 24-hour windows ending at {@code now}, newest first. */
    public Uni<List<AttemptRepository.UnitVolume>> unitVolumes(Instant now, int days) {
        return attempts.unitVolumes(now, days);
    }

    /**
     * Applies what a channel said about a trade of one of its attempts (another channel's attempt is
     * UNKNOWN_PAYMENT). A success moves the attempt to SUCCEEDED and the bill to PAID and posts channel clearing → unit
     * payable, even if we had given the attempt up (the money is real). A success for a
     * bill that is no longer unpaid (paid through another attempt, cancelled, expired) is recorded as a duplicate
     * payment: posted to payer refundable and queued for refund. Repeats change nothing.
     */
    public Uni<Applied> apply(String paymentId, Channel channel, TradeFacts facts, String source) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> attempts.lock(tx, paymentId)
                .chain(found -> {
                    if (found.isEmpty() || found.get().attempt().channel() != channel) {
                        return Uni.createFrom().item(Applied.UNKNOWN_PAYMENT);
                    }
                    AttemptRepository.Locked locked = found.get();
                    StoredAttempt a = locked.attempt();
                    Change told = Change.of(source, facts.detail()).withTradeNo(facts.channelTradeNo());
                    return switch (facts.kind()) {
                        case SUCCESS -> succeed(tx, locked, facts, source, now);
                        // not paid: past its expiry the attempt is over (CLOSED), before it the payment FAILED
                        case FAILURE -> a.status().open()
                                ? attempts.transition(tx, a, a.expiresAt().isAfter(now) ? AttemptStatus.FAILED
                                        : AttemptStatus.CLOSED, told, now).map(ok -> Applied.FAILED)
                                : Uni.createFrom().item(Applied.NO_CHANGE);
                        case WAITING -> a.status() == AttemptStatus.CREATED
                                ? attempts.transition(tx, a, AttemptStatus.PENDING, told, now)
                                        .map(ok -> Applied.NO_CHANGE)
                                : Uni.createFrom().item(Applied.NO_CHANGE);
                        case UNKNOWN -> Uni.createFrom().item(Applied.NO_CHANGE);
                    };
                }))
                .invoke(applied -> {
                    if (applied == Applied.AMOUNT_MISMATCH || applied == Applied.DUPLICATE_RECORDED) {
                        LOG.warnf("payment %s (%s): %s, channel amount %s", paymentId, source, applied,
                                facts.amountFen());
                    }
                });
    }

    /** Closes an open attempt after the channel confirmed the trade is closed there. */
    public Uni<Boolean> closed(String paymentId, String detail) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> attempts.lock(tx, paymentId)
                .chain(found -> found.isPresent() && found.get().attempt().status().open()
                        ? attempts.transition(tx, found.get().attempt(), AttemptStatus.CLOSED,
                                Change.of("CLOSE", detail), now)
                        : Uni.createFrom().item(false)));
    }

    /** A payment booked by {@link #bookTaken}: its attempt, and whether it paid the bill or is a duplicate. */
    public record Booked(StoredAttempt attempt, Applied applied) {
    }

    /** What {@link #reverseTaken} did. */
    public enum Reversal {
        /** Attempt REVERSED, bill back to UNPAID (or the duplicate payment withdrawn), posting reversed. */
        REVERSED,
        /** Reversed before: nothing changed. */
        ALREADY_REVERSED,
        /** The bill has moved on (refunded, or the duplicate money refunded): nothing changed. */
        NOT_REVERSIBLE
    }

    /**
     * Books money a channel has already taken (a bank counter confirm) for a bill the caller has locked in
     * {@code tx}: a new attempt on that channel, never queried, then the same success path as a verified notify —
     * attempt SUCCEEDED, bill PAID and the posting, or a duplicate payment queued for refund when the bill is no
     * longer unpaid.
     */
    public Uni<Booked> bookTaken(SqlClient tx, StoredOrder order, Channel channel, long lateFeeFen,
            String channelTradeNo, Instant paidAt, String reason, String source) {
        Instant now = clock.instant();
        TradeFacts facts = new TradeFacts(AnswerKind.SUCCESS, channelTradeNo, order.principalFen() + lateFeeFen,
                paidAt, "taken at " + channel);
        return attempts.nextId()
                .chain(id -> attempts.insert(tx, id, paymentId(id, now), order.id(), channel, order.principalFen(),
                        lateFeeFen, reason, now, null, now))
                .chain(attempt -> attempts.lock(tx, attempt.paymentId())
                        .chain(locked -> succeed(tx, locked.orElseThrow(), facts, source, now))
                        .chain(applied -> attempts.lock(tx, attempt.paymentId())
                                .map(after -> new Booked(after.orElseThrow().attempt(), applied))));
    }

    /**
     * Undoes a payment booked by {@link #bookTaken} (a bank's same-day reversal, 冲销) in {@code tx}: the attempt
     * SUCCEEDED → REVERSED, the bill PAID → UNPAID (recorded) or its duplicate payment withdrawn from the refund
     * queue, and the exact reversal of the original posting. Repeating it changes nothing.
     */
    public Uni<Reversal> reverseTaken(SqlClient tx, String paymentId, String reason, String source) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        return attempts.lock(tx, paymentId)
                .chain(found -> {
                    AttemptRepository.Locked locked = found.orElseThrow(
                            () -> new IllegalStateException("no attempt " + paymentId + " to reverse"));
                    StoredAttempt a = locked.attempt();
                    if (a.status() == AttemptStatus.REVERSED) {
                        return Uni.createFrom().item(Reversal.ALREADY_REVERSED);
                    }
                    Uni<Boolean> undone = a.duplicate()
                            ? duplicates.moveOfAttempt(tx, a.id(), DuplicatePaymentStatus.QUEUED_FOR_REFUND,
                                    DuplicatePaymentStatus.REVERSED)
                            : locked.orderStatus() != OrderStatus.PAID ? Uni.createFrom().item(false)
                                    : bills.clearPayment(tx, a.orderId(), a.id())
                                            .chain(cleared -> cleared
                                                    ? bills.transition(tx, a.orderId(), locked.paymentCode(),
                                                            OrderStatus.PAID, OrderStatus.UNPAID, reason, now,
                                                            "CHANNEL", a.channel().name(), "PAYMENT_REVERSED")
                                                    : Uni.createFrom().failure(new IllegalStateException("bill "
                                                            + locked.paymentCode() + " was not paid by " + paymentId)));
                    return undone.chain(ok -> !ok ? Uni.createFrom().item(Reversal.NOT_REVERSIBLE)
                            : attempts.transition(tx, a, AttemptStatus.REVERSED, Change.of(source, reason), now)
                                    .chain(() -> ledger.reverse(tx, "payment:" + paymentId, "reversal:" + paymentId,
                                            a.duplicate() ? "DUPLICATE_PAYMENT_REVERSAL" : "PAYMENT_REVERSAL", today,
                                            "reversal of " + paymentId + ": " + reason, now))
                                    .map(posted -> Reversal.REVERSED));
                });
    }

    private Uni<Applied> succeed(SqlClient tx, AttemptRepository.Locked locked, TradeFacts facts, String source,
            Instant now) {
        StoredAttempt a = locked.attempt();
        if (facts.amountFen() == null || facts.amountFen() != a.amountFen()) {
            return Uni.createFrom().item(Applied.AMOUNT_MISMATCH);
        }
        if (a.status() == AttemptStatus.SUCCEEDED) {
            return Uni.createFrom().item(Applied.NO_CHANGE);
        }
        // a late success still pays the bill if nothing else has; otherwise it is money to give back
        boolean duplicate = locked.orderStatus() != OrderStatus.UNPAID;
        Instant paidAt = facts.paidAt() != null ? facts.paidAt() : now;
        LocalDate businessDate = LocalDate.ofInstant(paidAt, Clocks.BUSINESS_ZONE);
        String unitCode = catalog.current().unit(locked.unitId()).code();
        String clearing = Accounts.channelClearing(a.channel().name());
        Uni<Boolean> moved = attempts.transition(tx, a, AttemptStatus.SUCCEEDED, Change.of(source, facts.detail())
                .withTradeNo(facts.channelTradeNo()).withPayment(paidAt, duplicate), now);
        if (duplicate) {
            String why = "bill already " + locked.orderStatus()
                    + (a.status().open() ? "" : ", success after the attempt was " + a.status());
            return moved
                    .chain(() -> duplicates.record(tx, a.id(), a.orderId(), a.amountFen(), why, now))
                    .chain(() -> ledger.post(tx, Posting.builder("payment:" + a.paymentId(), "DUPLICATE_PAYMENT",
                                    businessDate, locked.paymentCode(),
                                    "duplicate payment " + a.paymentId() + ": " + why)
                            .debit(clearing, a.amountFen())
                            .credit(Accounts.PAYER_REFUNDABLE, a.amountFen())
                            .build(), now))
                    .invoke(metrics::duplicate)
                    .map(posted -> Applied.DUPLICATE_RECORDED);
        }
        return moved
                .chain(() -> bills.transition(tx, a.orderId(), locked.paymentCode(), OrderStatus.UNPAID,
                        OrderStatus.PAID, "paid through " + a.channel() + " " + a.paymentId(), now, "CHANNEL",
                        a.channel().name(), "ORDER_PAID"))
                .chain(() -> bills.recordPayment(tx, a.orderId(), a.id(), paidAt))
                .chain(() -> ledger.post(tx, Posting.builder("payment:" + a.paymentId(), "PAYMENT", businessDate,
                                locked.paymentCode(), "bill " + locked.paymentCode() + " paid through " + a.channel())
                        .debit(clearing, a.amountFen())
                        .credit(Accounts.unitPayable(unitCode), a.amountFen())
                        .build(), now))
                .invoke(() -> metrics.booked(unitCode, a.channel(), paidAt, now))
                .map(posted -> Applied.PAID);
    }

    /**
     * An open attempt for the same amount that has not expired is reused. Otherwise it must end first: query, and
     * if the channel has not been paid, close it there.
     */
    private Uni<Optional<StoredAttempt>> reuseOrReplace(Optional<StoredAttempt> open, long amountFen) {
        if (open.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        StoredAttempt a = open.get();
        if (a.amountFen() == amountFen && a.expiresAt().isAfter(clock.instant())) {
            return Uni.createFrom().item(open);
        }
        return endAtChannel(a, "replaced by a new attempt")
                .map(paid -> {
                    if (paid) {
                        throw new ProblemException(ProblemCode.ORDER_NOT_PAYABLE, "The bill has just been paid");
                    }
                    return Optional.<StoredAttempt>empty();
                });
    }

    /**
     * Ends an open attempt at its channel: the trade is queried; if the channel was paid, the payment is applied
     * (true); otherwise the trade is closed there, then here (false); a trade past its expiry that the channel
     * reports closed or unknown is simply closed here. 503 CHANNEL_UNAVAILABLE when the channel does not answer or
     * does not close the trade: the attempt stays open.
     */
    public Uni<Boolean> endAtChannel(StoredAttempt a, String reason) {
        PaymentChannel adapter = channels.get(a.channel());
        return adapter.query(a.paymentId())
                .chain(status -> switch (status.kind()) {
                    case SUCCESS -> apply(a.paymentId(), a.channel(), TradeFacts.of(status), "QUERY")
                            .map(applied -> true);
                    case UNKNOWN -> Uni.createFrom().failure(unavailable(a.channel()));
                    case FAILURE -> a.expiresAt().isAfter(clock.instant())
                            ? closeAtChannel(adapter, a, reason)
                            : apply(a.paymentId(), a.channel(), TradeFacts.of(status), "QUERY").map(applied -> false);
                    case WAITING -> closeAtChannel(adapter, a, reason);
                });
    }

    private Uni<Boolean> closeAtChannel(PaymentChannel adapter, StoredAttempt a, String reason) {
        return adapter.close(a.paymentId())
                .chain(closed -> closed.kind() == AnswerKind.SUCCESS
                        ? closed(a.paymentId(), reason).map(done -> false)
                        : Uni.createFrom().failure(unavailable(a.channel())));
    }

    private Uni<StoredAttempt> create(StoredOrder order, Channel channel, long lateFee, String reason) {
        Instant now = clock.instant();
        return attempts.nextId()
                .chain(id -> attempts.insert(id, paymentId(id, now), order.id(), channel, order.principalFen(),
                        lateFee, reason, now.plus(config.payments().attemptTtl()), now.plus(backoff.first(channel)),
                        now))
                .onFailure(PgException.class).recoverWithUni(e -> attempts.findOpen(order.id(), channel)
                        // another checkout for this bill and channel won the race: use its attempt
                        .map(found -> found.orElseThrow(() -> e)))
                .chain(attempt -> ensureCreatedAtChannel(order, attempt));
    }

    /** An attempt whose trade the channel has not confirmed yet is (re)sent: creating a trade is idempotent there. */
    private Uni<StoredAttempt> ensureCreatedAtChannel(StoredOrder order, StoredAttempt attempt) {
        return attempt.payUrl() != null ? Uni.createFrom().item(attempt)
                : precreate(channels.get(attempt.channel()), order, attempt);
    }

    private Uni<StoredAttempt> precreate(PaymentChannel adapter, StoredOrder order, StoredAttempt attempt) {
        String base = config.publicBaseUrl();
        Catalog.Unit unit = catalog.current().unit(order.unitId());
        PrecreateCommand command = new PrecreateCommand(attempt.paymentId(), attempt.amountFen(),
                unit.name() + " " + order.paymentCode(), attempt.expiresAt(),
                base + "/callbacks/" + adapter.channel().slug(), base + "/pay/result/" + attempt.paymentId());
        return adapter.precreate(command)
                .chain(result -> switch (result.kind()) {
                    // one statement, atomic on its own; if another checkout moved it first, read what it is now
                    case SUCCESS, WAITING -> attempts.transition(transactions.autoCommit(), attempt,
                                    AttemptStatus.PENDING, Change.of("PRECREATE", null).withPayUrl(result.payUrl()),
                                    clock.instant())
                            .chain(changed -> changed
                                    ? Uni.createFrom().item(attempt.pending(result.payUrl()))
                                    : attempt(attempt.paymentId()));
                    case FAILURE -> attempts.transition(transactions.autoCommit(), attempt, AttemptStatus.FAILED,
                                    Change.of("PRECREATE", result.detail()), clock.instant())
                            .chain(() -> Uni.createFrom().failure(new ProblemException(ProblemCode.CHANNEL_REFUSED,
                                    attempt.channel() + " refused the payment: " + result.detail())));
                    // the trade may exist at the channel: the attempt stays open and is queried, then closed
                    case UNKNOWN -> Uni.createFrom().failure(unavailable(attempt.channel()));
                });
    }

    private static ProblemException unavailable(Channel channel) {
        return new ProblemException(ProblemCode.CHANNEL_UNAVAILABLE,
                channel + " did not answer in time; try again in a moment or choose another channel");
    }

    private static String paymentId(long id, Instant now) {
        String digits = Long.toString(id);
        return "GC" + ID_DATE.format(now.atZone(Clocks.BUSINESS_ZONE)) + "0".repeat(Math.max(0, 12 - digits.length()))
                + digits;
    }
}
