package io.govclear.order.service;

import io.govclear.order.OrderStatus;
import io.govclear.order.repository.BillSearchRepository;
import io.govclear.order.repository.OrderRepository;
import io.govclear.order.repository.StoredOrder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What other features do with bills, inside their own transaction where they pass one: read a bill or its status,
 * lock it, record or clear the attempt that paid it, move its status (through {@link OrderStatus#MACHINE}). The
 * order feature's SQL stays in {@link OrderRepository}; no other feature calls that repository.
 */
@Singleton
public class Bills {

    @Inject OrderRepository orders;
    @Inject BillSearchRepository search;

    /** Finance staff's search over every bill: one page, masked. */
    public Uni<List<BillSearchRepository.Found>> search(BillSearchRepository.Criteria criteria,
            BillSearchRepository.Sort sort, int offset, int limit) {
        return search.search(criteria, sort, offset, limit);
    }

    /** Every bill the search finds, newest first, streamed a page at a time (for exports of any size). */
    public Multi<List<BillSearchRepository.Found>> stream(BillSearchRepository.Criteria criteria) {
        return search.stream(criteria);
    }

    public Uni<Optional<StoredOrder>> byCode(String paymentCode) {
        return orders.findByCode(paymentCode);
    }

    public Uni<OrderStatus> statusOf(long orderId) {
        return orders.statusOf(orderId);
    }

    /** Unpaid bills due on or before {@code dueBy} after {@code afterId} (keyset pages), for reminders and expiry. */
    public Uni<List<StoredOrder>> unpaidDueBy(LocalDate dueBy, boolean pastPayableUntil, long afterId, int limit) {
        return orders.unpaidDueBy(dueBy, pastPayableUntil, afterId, limit);
    }

    /** The bill of this payment code, locked for the rest of {@code tx}. */
    public Uni<Optional<StoredOrder>> lockByCode(SqlClient tx, String paymentCode) {
        return orders.lockByCode(tx, paymentCode);
    }

    /** The bill locked for the rest of {@code tx}, with whether a payment of it is still open. */
    public Uni<OrderRepository.Locked> lockWithOpenAttempts(SqlClient tx, long orderId) {
        return orders.lockWithOpenAttempts(tx, orderId);
    }

    public Uni<Void> recordPayment(SqlClient tx, long orderId, long attemptId, Instant paidAt) {
        return orders.recordPayment(tx, orderId, attemptId, paidAt);
    }

    /** Forgets the attempt that paid the bill (a same-day bank reversal); false if it was paid by another. */
    public Uni<Boolean> clearPayment(SqlClient tx, long orderId, long attemptId) {
        return orders.clearPayment(tx, orderId, attemptId);
    }

    /** The bill's compare-and-set status change with its history, audit and webhook ({@link OrderRepository}). */
    public Uni<Boolean> transition(SqlClient tx, long orderId, String paymentCode, OrderStatus from, OrderStatus to,
            String reason, Instant at, String actorType, String actor, String action) {
        return orders.transition(tx, orderId, paymentCode, from, to, reason, at, actorType, actor, action);
    }
}
