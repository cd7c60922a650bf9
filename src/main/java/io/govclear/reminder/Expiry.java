package io.govclear.reminder;

import io.govclear.common.Clocks;
import io.govclear.common.Transactions;
import io.govclear.order.OrderStatus;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.service.Bills;
import io.govclear.payment.service.PaymentService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Unpaid bills past their payable-until date become EXPIRED, but only once no attempt is open: each open attempt is
 * first queried and closed at its channel ({@link PaymentService#endAtChannel}); if the channel says it was paid, the
 * payment is applied and the bill is PAID instead. The final step locks the bill, checks that it is still unpaid with
 * no open attempt, and moves it by compare-and-set (which queues the order.expired webhook). One pass runs at a time
 * across instances (a PostgreSQL advisory lock); the row lock and the compare-and-set make even concurrent passes
 * safe. A channel that does not answer leaves the bill unpaid until the next pass.
 */
@Singleton
public class Expiry {

    /** Advisory lock key of the expiry pass ('EXPI'). */
    private static final long LOCK_KEY = 0x45585049L;
    private static final Logger LOG = Logger.getLogger(Expiry.class);

    @Inject Transactions transactions;
    @Inject Bills bills;
    @Inject PaymentService payments;
    @Inject Clock clock;
    @Inject RemindersConfig config;

    /** What a pass did: bills expired, bills found paid at the channel, bills left for the next pass. */
    public record Pass(boolean ran, int expired, int paid, int kept) {

        Pass plus(Pass other) {
            return new Pass(ran, expired + other.expired, paid + other.paid, kept + other.kept);
        }
    }

    private enum Outcome {
        EXPIRED, PAID, KEPT
    }

    @Scheduled(every = "${govclear.reminders.expiry-interval}", identity = "bill-expiry",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return expireDue().replaceWithVoid();
    }

    /** One pass, unless another instance is running one ({@code ran} false). */
    public Uni<Pass> expireDue() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
        return transactions.underSessionLock(LOCK_KEY, () -> expireAfter(0, today, new Pass(true, 0, 0, 0)),
                new Pass(false, 0, 0, 0));
    }

    private Uni<Pass> expireAfter(long afterId, LocalDate today, Pass sofar) {
        return bills.unpaidDueBy(today.minusDays(1), true, afterId, config.batchSize())
                .chain(page -> page.isEmpty() ? Uni.createFrom().item(sofar)
                        : Multi.createFrom().iterable(page)
                                .onItem().transformToUniAndConcatenate(this::expire)
                                .collect().asList()
                                .map(outcomes -> sofar.plus(new Pass(true, count(outcomes, Outcome.EXPIRED),
                                        count(outcomes, Outcome.PAID), count(outcomes, Outcome.KEPT))))
                                .chain(pass -> expireAfter(page.get(page.size() - 1).id(), today, pass)));
    }

    private Uni<Outcome> expire(StoredOrder order) {
        return payments.attemptsOf(order.id())
                .map(attempts -> attempts.stream().filter(a -> a.status().open()).toList())
                .chain(open -> Multi.createFrom().iterable(open)
                        .onItem().transformToUniAndConcatenate(a -> payments.endAtChannel(a, "bill expired"))
                        .collect().asList())
                .chain(paid -> paid.contains(true) ? Uni.createFrom().item(Outcome.PAID) : expireIfClear(order))
                .onFailure().recoverWithItem(e -> {
                    LOG.infof("bill %s stays unpaid until the next expiry pass: %s", order.paymentCode(),
                            e.getMessage());
                    return Outcome.KEPT;
                });
    }

    /** Under the bill's row lock: still unpaid and no attempt open (a checkout may have raced) → EXPIRED. */
    private Uni<Outcome> expireIfClear(StoredOrder order) {
        return transactions.inTransaction(tx -> bills.lockWithOpenAttempts(tx, order.id())
                .chain(locked -> {
                    OrderStatus status = locked.status();
                    if (status == OrderStatus.PAID) {
                        return Uni.createFrom().item(Outcome.PAID);
                    }
                    if (status != OrderStatus.UNPAID || locked.openAttempts()) {
                        return Uni.createFrom().item(Outcome.KEPT);
                    }
                    return bills.transition(tx, order.id(), order.paymentCode(), OrderStatus.UNPAID,
                                    OrderStatus.EXPIRED, "past its payable-until date " + order.payableUntil(),
                                    clock.instant(), "SCHEDULER", "expiry", "ORDER_EXPIRED")
                            .map(changed -> changed ? Outcome.EXPIRED : Outcome.KEPT);
                }));
    }

    private static int count(List<Outcome> outcomes, Outcome which) {
        return (int) outcomes.stream().filter(o -> o == which).count();
    }
}
