package io.govclear.payment.service;

import io.govclear.common.Transactions;
import io.govclear.payment.DuplicatePaymentStatus;
import io.govclear.payment.repository.DuplicatePaymentRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/**
 * Duplicate payments as other features see them: reconciliation records one it found, the refund flow claims the
 * queued ones and marks one given back, all in the caller's transaction.
 */
@Singleton
public class DuplicatePayments {

    @Inject DuplicatePaymentRepository duplicates;
    @Inject PaymentMetrics metrics;
    @Inject Transactions transactions;

    /** Reconciliation found the succeeded attempt to be money no bill can take: queued for refund, once. */
    public Uni<Void> recordFound(SqlClient tx, long attemptId, String reason, Instant now) {
        return duplicates.recordIfAbsent(tx, attemptId, reason, now)
                .invoke(recorded -> {
                    if (recorded) {
                        metrics.duplicate();
                    }
                })
                .replaceWithVoid();
    }

    /** How many duplicate payments were recorded from {@code from} to {@code to} (inclusive). */
    public Uni<Long> countRecorded(Instant from, Instant to) {
        return duplicates.countRecorded(transactions.autoCommit(), from, to);
    }

    /** Queued duplicate payments recorded before {@code cutoff} without a refund, claimed for the rest of tx. */
    public Uni<List<DuplicatePaymentRepository.Queued>> claimQueued(SqlClient tx, Instant cutoff, int limit) {
        return duplicates.claimQueued(tx, cutoff, limit);
    }

    /** The duplicate payment was given back (in the transaction of its refund's success). */
    public Uni<Boolean> refunded(SqlClient tx, long id) {
        return duplicates.move(tx, id, DuplicatePaymentStatus.QUEUED_FOR_REFUND, DuplicatePaymentStatus.REFUNDED);
    }
}
