package io.govclear.refund.service;

import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.PaymentChannel;
import io.govclear.refund.RefundConfig;
import io.govclear.refund.repository.RefundRepository;
import io.govclear.refund.repository.StoredRefund;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The refunds' background work, safe on every instance at once: submitted refunds whose outcome is not known are
 * queried on a backoff schedule (claimed with SKIP LOCKED), and queued duplicate payments are refunded.
 * <p>
 * A query that finds the refund settles it. A query that does not find it (FAILURE: never made, e.g. the request was
 * lost, or closed at the channel) sends the refund again under the same refund id, which the channel treats as the
 * same refund (Alipay out_request_no, WeChat Pay out_refund_no): a refund that cannot be made is then refused, and
 * only that refusal fails it. WAITING and UNKNOWN wait for the next query.
 */
@Singleton
public class RefundJobs {

    private static final Logger LOG = Logger.getLogger(RefundJobs.class);
    private static final int BATCH = 50;

    @Inject RefundRepository refunds;
    @Inject RefundService service;
    @Inject ChannelRegistry channels;
    @Inject Clock clock;
    @Inject MeterRegistry registry;
    private final long[] backoffSeconds;

    public RefundJobs(RefundConfig config) {
        this.backoffSeconds = config.queryBackoff().stream().mapToLong(Duration::toSeconds).toArray();
    }

    @Scheduled(every = "${govclear.refunds.job-interval:5s}", identity = "refund-queries",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> queries() {
        return queryDue().replaceWithVoid();
    }

    @Scheduled(every = "${govclear.refunds.job-interval:5s}", identity = "duplicate-refunds",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> duplicates() {
        return refundDuplicates().replaceWithVoid();
    }

    /** Queries every submitted refund that is due; returns how many were looked at. */
    public Uni<Integer> queryDue() {
        return refunds.claimDue(clock.instant(), BATCH, backoffSeconds)
                .chain(due -> each(due, this::query).map(done -> due.size()));
    }

    /** Refunds the duplicate payments that have waited long enough; returns how many were started. */
    public Uni<Integer> refundDuplicates() {
        return service.queueDuplicateRefunds(BATCH)
                .chain(queued -> each(queued, service::submit).map(done -> queued.size()));
    }

    /**
     * Asks the channel about one refund and applies its answer (the query path; reconciliation uses it for a refund
     * the statement lists as done while we still hold it SUBMITTED). Emits the refund as it is afterwards.
     */
    public Uni<StoredRefund> query(StoredRefund refund) {
        PaymentChannel adapter = channels.find(refund.channel()).orElse(null);
        if (adapter == null) {
            return Uni.createFrom().item(refund);
        }
        return adapter.queryRefund(refund.paymentId(), refund.refundId())
                .invoke(answer -> registry.counter("govclear.refunds.queries", "channel", refund.channel().name(),
                        "answer", answer.kind().name()).increment())
                .chain(answer -> switch (answer.kind()) {
                    case SUCCESS -> service.settle(refund.refundId(), answer, "QUERY");
                    case FAILURE -> service.submit(refund);
                    case WAITING, UNKNOWN -> Uni.createFrom().item(refund);
                });
    }

    /** One at a time; a failure is logged and the refund is taken up again on schedule. */
    private static Uni<List<StoredRefund>> each(List<StoredRefund> refunds,
            Function<StoredRefund, Uni<StoredRefund>> work) {
        return Multi.createFrom().iterable(refunds)
                .onItem().transformToUniAndConcatenate(r -> work.apply(r)
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf(e, "refund %s: %s; it is taken up again on schedule", r.refundId(),
                                    e.getMessage());
                            return r;
                        }))
                .collect().asList();
    }
}
