package io.govclear.refund.service;

import io.govclear.catalog.CatalogService;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages;
import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.PaymentChannel;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Transactions;
import io.govclear.ledger.Accounts;
import io.govclear.ledger.LedgerService;
import io.govclear.ledger.Posting;
import io.govclear.order.OrderStatus;
import io.govclear.order.service.Bills;
import io.govclear.order.service.OrderService;
import io.govclear.payment.service.DuplicatePayments;
import io.govclear.refund.RefundConfig;
import io.govclear.refund.RefundStatus;
import io.govclear.refund.repository.RefundRepository.Change;
import io.govclear.refund.repository.RefundRepository.LockedOrder;
import io.govclear.refund.repository.RefundRepository;
import io.govclear.refund.repository.StoredRefund;
import io.govclear.refund.rest.RefundRequest;
import io.govclear.security.Digests;
import io.govclear.security.SignedRequest;
import io.govclear.security.StaffUser;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Refunds through the channel that took the money. A refund is decided under a row lock on its bill, so concurrent
 * requests can never together reserve more than was paid; it is sent to the channel after that transaction commits,
 * and the channel's answer is applied under the same lock: SUCCESS moves it to SUCCEEDED with the ledger reversal
 * and the bill's new status in one transaction, FAILURE releases the amount, UNKNOWN leaves it SUBMITTED for the
 * query job ({@link RefundJobs}).
 */
@Singleton
public class RefundService {

    private static final Logger LOG = Logger.getLogger(RefundService.class);
    private static final DateTimeFormatter ID_DATE = DateTimeFormatter.ofPattern("yyMMdd");
    private static final int LIST_LIMIT = 200;

    @Inject Transactions transactions;
    @Inject OrderService orderService;
    @Inject Bills bills;
    @Inject RefundRepository refunds;
    @Inject DuplicatePayments duplicates;
    @Inject ChannelRegistry channels;
    @Inject LedgerService ledger;
    @Inject CatalogService catalog;
    @Inject RefundConfig config;
    @Inject Clock clock;

    /** A unit's refund request and whether it was new (201) or a repeat of an earlier one (200). */
    public record Requested(StoredRefund refund, boolean created) {
    }

    /**
     * A unit refunds part or all of one of its paid bills, idempotent on refundRequestNo with a hash of the request.
     * At most the threshold goes straight to the channel; more waits in REQUESTED for a supervisor.
     */
    public Uni<Requested> request(SignedRequest request, String paymentCode, RefundRequest body) {
        byte[] hash = requestHash(paymentCode, body);
        long unitId = request.unit().id();
        return orderService.find(request, paymentCode)
                .chain(order -> transactions.inTransaction(tx -> refunds.lockOrder(tx, order.id())
                        .chain(locked -> refunds.findByRequestNo(tx, unitId, body.refundRequestNo())
                                .chain(existing -> existing.isPresent()
                                        ? Uni.createFrom().item(repeated(existing.get(), hash))
                                        : create(tx, locked.orElseThrow(), body, hash, request)))))
                // the same refundRequestNo raced in on another bill: the unique index decided
                .onFailure(RefundService::uniqueViolation).recoverWithUni(() -> refunds.findByRequestNo(
                                transactions.autoCommit(), unitId, body.refundRequestNo())
                        .map(existing -> repeated(existing.orElseThrow(), hash)))
                .chain(requested -> requested.created() && requested.refund().status() == RefundStatus.SUBMITTED
                        ? submit(requested.refund()).map(r -> new Requested(r, true))
                        : Uni.createFrom().item(requested));
    }

    /** The refunds of one of the unit's bills (404 for another unit's bill). */
    public Uni<List<StoredRefund>> ofUnitOrder(SignedRequest request, String paymentCode) {
        return orderService.find(request, paymentCode)
                .chain(order -> refunds.listForOrder(order.id()));
    }

    /** The refunds of a bill, oldest first. */
    /** The refund with this id, if there is one. */
    public Uni<Optional<StoredRefund>> byRefundId(String refundId) {
        return refunds.findByRefundId(refundId);
    }

    public Uni<List<StoredRefund>> ofOrder(long orderId) {
        return refunds.listForOrder(orderId);
    }

    /** Refunds for finance staff, newest first (at most 200), optionally by status. */
    public Uni<List<StoredRefund>> list(RefundStatus status) {
        return refunds.list(status, LIST_LIMIT);
    }

    /**
     * A supervisor approves a refund waiting in REQUESTED: APPROVED, then SUBMITTED and sent to the channel. Approving
     * an approved refund again answers with it; any other status is 409 REFUND_NOT_AWAITING_APPROVAL.
     */
    public Uni<StoredRefund> approve(String refundId, StaffUser user, String comment) {
        Instant now = clock.instant();
        return decide(refundId, status -> status != RefundStatus.REJECTED,
                (tx, refund) -> refunds.transition(tx, refund, RefundStatus.APPROVED,
                                new Change("STAFF", user.username(), "REFUND_APPROVED",
                                        comment == null ? "approved by " + user.displayName() : comment, null,
                                        user.username(), null), now)
                        .chain(() -> toSubmitted(tx, refund.withStatus(RefundStatus.APPROVED), "STAFF",
                                user.username(), now)))
                .chain(decided -> decided.changed() ? submit(decided.refund())
                        : Uni.createFrom().item(decided.refund()));
    }

    /** A supervisor rejects a refund waiting in REQUESTED; its amount is released and nothing is posted. */
    public Uni<StoredRefund> reject(String refundId, StaffUser user, String reason) {
        Instant now = clock.instant();
        return decide(refundId, status -> status == RefundStatus.REJECTED,
                (tx, refund) -> refunds.transition(tx, refund, RefundStatus.REJECTED,
                        new Change("STAFF", user.username(), "REFUND_REJECTED", reason, null, user.username(), null),
                        now))
                .map(Decided::refund);
    }

    /**
     * Sends a SUBMITTED refund to its channel (again, after a query did not find it: the refund id makes it the same
     * refund there) and applies the answer. Emits the refund as it is afterwards.
     */
    public Uni<StoredRefund> submit(StoredRefund refund) {
        PaymentChannel adapter = channels.find(refund.channel()).orElse(null);
        if (adapter == null) {
            LOG.warnf("refund %s: no adapter for %s in this build; it stays SUBMITTED", refund.refundId(),
                    refund.channel());
            return Uni.createFrom().item(refund);
        }
        return adapter.refund(new RefundCommand(refund.paymentId(), refund.refundId(), refund.amountFen(),
                        refund.attemptAmountFen(), refund.reason()))
                .onFailure().recoverWithItem(e -> new ChannelMessages.RefundStatus(AnswerKind.UNKNOWN, null,
                        "no answer: " + e))
                .chain(answer -> settle(refund.refundId(), answer, "SUBMIT"));
    }

    /**
     * Applies a channel's definite answer about a SUBMITTED refund: SUCCESS → SUCCEEDED with the ledger reversal and
     * the bill's new status (or the duplicate payment marked refunded), FAILURE → FAILED (the amount is released).
     * WAITING and UNKNOWN change nothing: the refund is queried again. Repeats change nothing.
     */
    public Uni<StoredRefund> settle(String refundId, ChannelMessages.RefundStatus answer, String how) {
        if (answer.kind() != AnswerKind.SUCCESS && answer.kind() != AnswerKind.FAILURE) {
            LOG.infof("refund %s: %s answered %s (%s); it is queried later", refundId, how, answer.kind(),
                    answer.detail());
            return find(refundId);
        }
        Instant now = clock.instant();
        return inLock(refundId, (tx, order, refund) -> {
            if (refund.status() != RefundStatus.SUBMITTED) {
                return Uni.createFrom().voidItem();
            }
            Change change = new Change("CHANNEL", refund.channel().name(),
                    answer.kind() == AnswerKind.SUCCESS ? "REFUND_SUCCEEDED" : "REFUND_FAILED",
                    how + ": " + answer.detail(), answer.channelRefundNo(), null, null);
            return answer.kind() == AnswerKind.SUCCESS
                    ? succeed(tx, order, refund, change, now)
                    : refunds.transition(tx, refund, RefundStatus.FAILED, change, now)
                            .replaceWithVoid();
        }).chain(() -> find(refundId));
    }

    /** Creates a refund for each queued duplicate payment (claimed, so instances never take the same one). */
    public Uni<List<StoredRefund>> queueDuplicateRefunds(int limit) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> duplicates.claimQueued(tx, now.minus(config.duplicateDelay()),
                        limit)
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(d -> refunds.insert(tx,
                                        new RefundRepository.NewRefund(idDate(now), d.orderId(), d.attemptId(),
                                                d.channel(), d.unitId(), StoredRefund.Kind.DUPLICATE, null, null,
                                                d.id(), d.amountFen(), "duplicate payment", false, d.paymentCode()),
                                        now, "SYSTEM", "duplicate-refund")
                                .chain(refund -> toSubmitted(tx, refund, "SYSTEM", "duplicate-refund", now)))
                        .collect().asList()));
    }

    private Uni<StoredRefund> find(String refundId) {
        return refunds.findByRefundId(refundId)
                .map(Optional::orElseThrow);
    }

    private Requested repeated(StoredRefund existing, byte[] hash) {
        if (existing.requestHash() == null || !MessageDigest.isEqual(existing.requestHash(), hash)) {
            throw new ProblemException(ProblemCode.IDEMPOTENCY_CONFLICT, "refundRequestNo " + existing.refundRequestNo()
                    + " was already used for a different request");
        }
        return new Requested(existing, false);
    }

    private Uni<Requested> create(SqlClient tx, LockedOrder order, RefundRequest body, byte[] hash,
            SignedRequest request) {
        if (order.status() != OrderStatus.PAID && order.status() != OrderStatus.PARTIALLY_REFUNDED) {
            return Uni.createFrom().failure(new ProblemException(ProblemCode.ORDER_NOT_REFUNDABLE,
                    "Only a paid bill can be refunded; bill " + order.paymentCode() + " is " + order.status()));
        }
        if (order.paidAttemptId() == null) {
            return Uni.createFrom().failure(new ProblemException(ProblemCode.ORDER_NOT_REFUNDABLE,
                    "Bill " + order.paymentCode() + " has no channel payment to refund"));
        }
        if (!order.channel().offered()) {
            return Uni.createFrom().failure(new ProblemException(ProblemCode.ORDER_NOT_REFUNDABLE, "Bill "
                    + order.paymentCode() + " was paid by a bank transfer; finance returns a transfer, not a channel"));
        }
        if (channels.find(order.channel()).isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(ProblemCode.CHANNEL_UNAVAILABLE,
                    order.channel() + " cannot take refunds in this deployment"));
        }
        Instant now = request.receivedAt();
        boolean needsApproval = body.amountFen() > config.approvalThresholdFen();
        return refunds.totals(tx, order.id())
                .chain(totals -> {
                    long remainder = order.paidAmountFen() - totals.heldFen();
                    if (body.amountFen() > remainder) {
                        return Uni.createFrom().failure(new ProblemException(ProblemCode.REFUND_EXCEEDS_PAID,
                                "At most " + remainder + " fen of bill " + order.paymentCode()
                                        + " can still be refunded (paid " + order.paidAmountFen() + ", refunded or"
                                        + " reserved " + totals.heldFen() + ")"));
                    }
                    return refunds.insert(tx, new RefundRepository.NewRefund(idDate(now), order.id(),
                                    order.paidAttemptId(), order.channel(), order.unitId(), StoredRefund.Kind.UNIT,
                                    body.refundRequestNo(), hash, null, body.amountFen(), body.reason(), needsApproval,
                                    order.paymentCode()), now, "UNIT", request.unit().code());
                })
                .chain(refund -> refund.needsApproval() ? Uni.createFrom().item(refund)
                        : toSubmitted(tx, refund, "SYSTEM", "auto-approval", now))
                .map(refund -> new Requested(refund, true));
    }

    /** REQUESTED or APPROVED → SUBMITTED, to be queried from the first backoff step if no answer settles it. */
    private Uni<StoredRefund> toSubmitted(SqlClient tx, StoredRefund refund, String actorType, String actor,
            Instant now) {
        String detail = refund.status() == RefundStatus.APPROVED ? "approved"
                : refund.kind() == StoredRefund.Kind.DUPLICATE ? "duplicate payment: refunded without approval"
                        : "at most the approval threshold of " + config.approvalThresholdFen() + " fen";
        return refunds.transition(tx, refund, RefundStatus.SUBMITTED,
                        new Change(actorType, actor, "REFUND_SUBMITTED", detail, null, null,
                                now.plus(config.queryBackoff().get(0))), now)
                .map(changed -> refund.withStatus(RefundStatus.SUBMITTED));
    }

    private Uni<Void> succeed(SqlClient tx, LockedOrder order, StoredRefund refund, Change change, Instant now) {
        LocalDate businessDate = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        String clearing = Accounts.channelClearing(refund.channel().name());
        boolean duplicate = refund.kind() == StoredRefund.Kind.DUPLICATE;
        Posting posting = Posting.builder("refund:" + refund.refundId(), duplicate ? "DUPLICATE_REFUND" : "REFUND",
                        businessDate, refund.paymentCode(), (duplicate ? "duplicate payment " : "bill ")
                                + refund.paymentId() + " refunded through " + refund.channel() + " "
                                + refund.refundId())
                .debit(duplicate ? Accounts.PAYER_REFUNDABLE
                        : Accounts.unitPayable(catalog.current().unit(refund.unitId()).code()), refund.amountFen())
                .credit(clearing, refund.amountFen())
                .build();
        return refunds.transition(tx, refund, RefundStatus.SUCCEEDED, change, now)
                .chain(() -> ledger.post(tx, posting, now))
                .chain(() -> duplicate
                        ? duplicates.refunded(tx, refund.duplicatePaymentId()).replaceWithVoid()
                        : moveBill(tx, order, refund, now));
    }

    /** PARTIALLY_REFUNDED, or REFUNDED once everything paid has come back. */
    private Uni<Void> moveBill(SqlClient tx, LockedOrder order, StoredRefund refund, Instant now) {
        return refunds.totals(tx, order.id())
                .chain(totals -> {
                    OrderStatus to = totals.succeededFen() >= order.paidAmountFen() ? OrderStatus.REFUNDED
                            : OrderStatus.PARTIALLY_REFUNDED;
                    return bills.transition(tx, order.id(), order.paymentCode(), order.status(), to,
                            "refund " + refund.refundId() + " of " + refund.amountFen() + " fen", now, "CHANNEL",
                            refund.channel().name(), to == OrderStatus.REFUNDED ? "ORDER_REFUNDED"
                                    : "ORDER_PARTIALLY_REFUNDED");
                })
                .map(moved -> {
                    if (!moved) {
                        throw new IllegalStateException("bill " + order.paymentCode() + " moved under its lock");
                    }
                    return null;
                });
    }

    /** Locks the refund's bill, then the refund, and runs {@code work} in that transaction; 404 if unknown. */
    private Uni<Void> inLock(String refundId, LockedWork work) {
        return transactions.inTransaction(tx -> refunds.orderIdOf(tx, refundId)
                .chain(orderId -> refunds.lockOrder(tx, orderId.orElseThrow(() -> notFound(refundId))))
                .chain(order -> refunds.lock(tx, refundId)
                        .chain(refund -> work.run(tx, order.orElseThrow(), refund.orElseThrow()))));
    }

    /** A supervisor's decision and whether it changed the refund (false: the same decision was made before). */
    private record Decided(StoredRefund refund, boolean changed) {
    }

    /**
     * Runs {@code decision} under the lock on a refund in REQUESTED that needs approval. A refund already past it is
     * answered as it is when {@code sameDecision} says its status is what this decision would have led to, else 409.
     */
    private Uni<Decided> decide(String refundId, Predicate<RefundStatus> sameDecision, Decision decision) {
        boolean[] changed = { false };
        return inLock(refundId, (tx, order, refund) -> {
            if (refund.status() == RefundStatus.REQUESTED && refund.needsApproval()) {
                changed[0] = true;
                return decision.run(tx, refund).replaceWithVoid();
            }
            if (refund.decidedBy() == null || !sameDecision.test(refund.status())) {
                return Uni.createFrom().failure(new ProblemException(ProblemCode.REFUND_NOT_AWAITING_APPROVAL,
                        "Refund " + refundId + " is " + refund.status() + " and does not await approval"));
            }
            return Uni.createFrom().voidItem();
        }).chain(() -> find(refundId))
                .map(refund -> new Decided(refund, changed[0]));
    }

    @FunctionalInterface
    private interface LockedWork {
        Uni<Void> run(SqlClient tx, LockedOrder order, StoredRefund refund);
    }

    @FunctionalInterface
    private interface Decision {
        Uni<?> run(SqlClient tx, StoredRefund refund);
    }

    private static String idDate(Instant now) {
        return ID_DATE.format(now.atZone(Clocks.BUSINESS_ZONE));
    }

    /** SHA-256 of the request, length-prefixed field by field, bound to the bill. */
    private static byte[] requestHash(String paymentCode, RefundRequest body) {
        StringBuilder canonical = new StringBuilder(128);
        for (String field : new String[] { paymentCode, body.refundRequestNo(), Long.toString(body.amountFen()),
                body.reason() }) {
            canonical.append(field.length()).append(':').append(field).append(';');
        }
        return Digests.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean uniqueViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static ProblemException notFound(String refundId) {
        return new ProblemException(ProblemCode.REFUND_NOT_FOUND, "No refund " + refundId);
    }
}
