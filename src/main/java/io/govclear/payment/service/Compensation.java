package io.govclear.payment.service;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.PaymentChannel;
import io.govclear.order.OrderStatus;
import io.govclear.order.service.Bills;
import io.govclear.payment.repository.AttemptRepository;
import io.govclear.payment.repository.StoredAttempt;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Never lose a payment the channel took: open attempts are queried on their channel's backoff schedule and the
 * answer applied like a notify. An attempt past its expiry (or whose bill is no longer unpaid) is queried, then closed at the
 * channel, then closed here. Attempts are claimed with SKIP LOCKED, so N instances share the work.
 */
@Singleton
public class Compensation {

    private static final Logger LOG = Logger.getLogger(Compensation.class);
    private static final int BATCH = 50;

    @Inject AttemptRepository attempts;
    @Inject Bills bills;
    @Inject PaymentService payments;
    @Inject ChannelRegistry channels;
    @Inject Clock clock;
    @Inject QueryBackoff backoff;
    @Inject MeterRegistry registry;

    @Scheduled(every = "${govclear.payments.compensation-interval}", identity = "payment-compensation",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return runOnce().replaceWithVoid();
    }

    /** Queries every attempt that is due; returns how many were looked at. */
    public Uni<Integer> runOnce() {
        Instant now = clock.instant();
        return attempts.claimDue(now, BATCH, backoff.all())
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(a -> compensate(a, now)
                                .onFailure().recoverWithItem(e -> {
                                    LOG.warnf(e, "compensation of %s failed; it is retried on schedule", a.paymentId());
                                    return null;
                                }))
                        .collect().asList()
                        .map(done -> due.size()));
    }

    private Uni<Void> compensate(StoredAttempt attempt, Instant now) {
        PaymentChannel adapter = channels.find(attempt.channel()).orElse(null);
        if (adapter == null) {
            return Uni.createFrom().voidItem();
        }
        return adapter.query(attempt.paymentId())
                .invoke(status -> registry.counter("govclear.compensation.queries", "channel",
                        attempt.channel().name(), "answer", status.kind().name()).increment())
                .chain(status -> switch (status.kind()) {
                    case SUCCESS, FAILURE -> payments.apply(attempt.paymentId(), attempt.channel(),
                            TradeFacts.of(status), "QUERY").replaceWithVoid();
                    case UNKNOWN -> Uni.createFrom().voidItem();
                    case WAITING -> closeIfStale(adapter, attempt, now, status);
                });
    }

    private Uni<Void> closeIfStale(PaymentChannel adapter, StoredAttempt attempt, Instant now,
            TradeStatus status) {
        return bills.statusOf(attempt.orderId())
                .chain(orderStatus -> {
                    if (attempt.expiresAt().isAfter(now) && orderStatus == OrderStatus.UNPAID) {
                        return payments.apply(attempt.paymentId(), attempt.channel(), TradeFacts.of(status), "QUERY")
                                .replaceWithVoid();
                    }
                    return adapter.close(attempt.paymentId())
                            .chain(closed -> closed.kind() == AnswerKind.SUCCESS
                                    ? payments.closed(attempt.paymentId(), orderStatus == OrderStatus.UNPAID
                                            ? "expired" : "bill " + orderStatus).replaceWithVoid()
                                    // not closable (paid meanwhile?) or no answer: the next query tells
                                    : Uni.createFrom().voidItem());
                });
    }
}
