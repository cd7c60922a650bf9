package io.govclear.reconciliation;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelRegistry;
import io.govclear.common.Transactions;
import io.govclear.ledger.LedgerService;
import io.govclear.payment.service.DuplicatePayments;
import io.govclear.payment.service.PaymentService;
import io.govclear.payment.service.TradeFacts;
import io.govclear.refund.RefundStatus;
import io.govclear.refund.service.RefundService;
import io.govclear.refund.service.RefundJobs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.jboss.logging.Logger;

/**
 * Resolves what a machine can, one OPEN discrepancy after another (each needs its own channel query):
 * <ul>
 * <li>STATUS_MISMATCH and CHANNEL_ONLY: query the channel; when it confirms the payment, back-fill (补单) through
 * {@link PaymentService#apply} with source RECONCILIATION, the same path as a callback (bill paid, ledger, or a
 * duplicate payment recorded); otherwise (no attempt can take it, not confirmed) suspense;</li>
 * <li>DUPLICATE_PAYMENT: make sure the attempt is in duplicate_payment (QUEUED_FOR_REFUND: the refund flow gives the
 * money back; payment already posted it to payer refundable);</li>
 * <li>AMOUNT_MISMATCH and PLATFORM_ONLY (after the next day's file): suspense, for a person to decide;</li>
 * <li>refunds: STATUS_MISMATCH (the channel refunded, we hold SUBMITTED) → the refund's query path, which settles
 * it (ledger, bill) when the channel confirms; every other refund class → suspense, with the refund's sign.</li>
 * </ul>
 * Every step is a compare-and-set from OPEN with its posting in the same transaction, so a repeat does nothing.
 */
@Singleton
public class AutoResolver {

    private static final Logger LOG = Logger.getLogger(AutoResolver.class);

    @Inject Transactions transactions;
    @Inject RunRepository runs;
    @Inject DiscrepancyRepository discrepancies;
    @Inject DuplicatePayments duplicates;
    @Inject ChannelRegistry channels;
    @Inject PaymentService payments;
    @Inject LedgerService ledger;
    @Inject RefundService refunds;
    @Inject RefundJobs refundJobs;
    @Inject Clock clock;

    /** Works through the channel's OPEN discrepancies; {@code businessDate} dates the suspense entries. */
    public Uni<Void> resolve(Channel channel, LocalDate businessDate) {
        return discrepancies.openOf(channel)
                .chain(open -> Multi.createFrom().iterable(open)
                        .onItem().transformToUniAndConcatenate(d -> resolveOne(channel, businessDate, d)
                                .onFailure().recoverWithUni(e -> {
                                    LOG.warnf(e, "automatic resolution of discrepancy %d failed: to suspense", d.id());
                                    return toSuspense(channel, businessDate, d, "automatic resolution failed: " + e);
                                }))
                        .collect().last()
                        .replaceWithVoid());
    }

    private Uni<Void> resolveOne(Channel channel, LocalDate businessDate, Discrepancy d) {
        if (d.aboutRefund()) {
            return d.discrepancyClass() == DiscrepancyClass.STATUS_MISMATCH ? confirmRefund(channel, businessDate, d)
                    : toSuspense(channel, businessDate, d, null);
        }
        return switch (d.discrepancyClass()) {
            case STATUS_MISMATCH, CHANNEL_ONLY -> backfill(channel, businessDate, d);
            case DUPLICATE_PAYMENT -> queueForRefund(d);
            default -> toSuspense(channel, businessDate, d, null);
        };
    }

    private Uni<Void> backfill(Channel channel, LocalDate businessDate, Discrepancy d) {
        return channels.get(channel).query(d.paymentId())
                .chain(status -> {
                    if (status.kind() != AnswerKind.SUCCESS) {
                        return toSuspense(channel, businessDate, d, "the channel's query answered " + status.kind()
                                + (status.detail() == null ? "" : " (" + status.detail() + ")"));
                    }
                    return payments.apply(d.paymentId(), channel, TradeFacts.of(status), "RECONCILIATION")
                            .chain(applied -> switch (applied) {
                                case PAID, DUPLICATE_RECORDED, NO_CHANGE -> settle(d, "BACKFILLED_" + applied,
                                        "confirmed by query and back-filled: " + applied);
                                default -> toSuspense(channel, businessDate, d,
                                        "confirmed by query but no attempt can take it: " + applied);
                            });
                });
    }

    /**
     * A refund the channel lists as made while we do not hold it SUCCEEDED: one we hold SUBMITTED is settled by the
     * refund query path; any other (never sent, or FAILED) is not ours to resend: suspense.
     */
    private Uni<Void> confirmRefund(Channel channel, LocalDate businessDate, Discrepancy d) {
        return refunds.byRefundId(d.refundId())
                .chain(found -> found.isEmpty() || found.get().status() != RefundStatus.SUBMITTED
                        ? toSuspense(channel, businessDate, d, found.isEmpty() ? "no such refund of ours"
                                : "we hold it " + found.get().status())
                        : refundJobs.query(found.get())
                                .chain(after -> after.status() == RefundStatus.SUCCEEDED
                                        ? settle(d, "REFUND_CONFIRMED", "the channel's refund query confirmed it")
                                        : toSuspense(channel, businessDate, d, "after the channel's refund query we"
                                                + " hold " + after.status())));
    }

    private Uni<Void> queueForRefund(Discrepancy d) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> duplicates.recordFound(tx, d.attemptId(),
                        "found by reconciliation", now)
                .chain(() -> discrepancies.settle(tx, d.id(), DiscrepancyStatus.OPEN, DiscrepancyStatus.AUTO_RESOLVED,
                        "QUEUED_FOR_REFUND", "system", 0, null, now)))
                .replaceWithVoid();
    }

    private Uni<Void> settle(Discrepancy d, String resolution, String detail) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> discrepancies.settle(tx, d.id(), DiscrepancyStatus.OPEN,
                        DiscrepancyStatus.AUTO_RESOLVED, resolution, "system", 0, detail, now))
                .replaceWithVoid();
    }

    private Uni<Void> toSuspense(Channel channel, LocalDate businessDate, Discrepancy d, String detail) {
        Instant now = clock.instant();
        long fen = suspenseFen(d);
        Discrepancy posted = withSuspense(d, fen);
        return transactions.inTransaction(tx -> discrepancies.settle(tx, d.id(), DiscrepancyStatus.OPEN,
                        DiscrepancyStatus.SUSPENSE, null, null, fen, detail == null ? null : d.detail() + "; " + detail,
                        now)
                .chain(changed -> changed && fen != 0
                        ? ledger.post(tx, SuspensePostings.suspense(posted, channel, businessDate), now)
                        : Uni.createFrom().item(false)))
                .replaceWithVoid();
    }

    /**
     * See {@link SuspensePostings}: for a payment the channel's amount minus ours, each counting as zero when absent
     * (a STATUS_MISMATCH is not in our clearing at all). A refund is money out: the other way round, ours minus the
     * channel's: a refund the channel made and we did not book leaves the channel short of what our clearing says
     * (negative), one we booked and the channel did not make leaves it with more (positive).
     */
    static long suspenseFen(Discrepancy d) {
        long statement = d.statementFen() == null ? 0 : d.statementFen();
        long platform = d.discrepancyClass() == DiscrepancyClass.STATUS_MISMATCH || d.platformFen() == null ? 0
                : d.platformFen();
        return d.aboutRefund() ? platform - statement : statement - platform;
    }

    private static Discrepancy withSuspense(Discrepancy d, long fen) {
        return new Discrepancy(d.id(), d.runId(), d.generation(), d.discrepancyClass(), DiscrepancyStatus.SUSPENSE,
                d.paymentId(), d.attemptId(), d.channelTradeNo(), d.attemptStatus(), d.statementFen(),
                d.platformFen(), fen, d.resolution(), d.detail(), d.resolvedBy(), d.resolvedAt(), d.createdAt(),
                d.refundId());
    }
}
