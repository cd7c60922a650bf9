package io.govclear.receipt;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.ScheduledRuns;
import io.govclear.common.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Issues the receipts of paid bills, outside the payment transaction so paying never waits for it. Every instance
 * runs the job; the one that locks the chain head issues (the others skip), in batches, oldest payment first, each
 * batch in one transaction with the head's move, so the chain has no gaps or forks and a bill gets one receipt (the
 * bill's receipt is unique in the database too).
 */
@Singleton
public class ReceiptIssuer {

    private static final Logger LOG = Logger.getLogger(ReceiptIssuer.class);
    /** Batches per run at most, so one run cannot hold the scheduler forever. */
    private static final int MAX_BATCHES = 50;

    @Inject Transactions transactions;
    @Inject ReceiptRepository receipts;
    @Inject ReceiptCodes codes;
    @Inject CatalogService catalog;
    @Inject Clock clock;
    private final int batchSize;
    private final Counter issued;

    public ReceiptIssuer(ReceiptConfig config, MeterRegistry registry) {
        this.batchSize = config.batchSize();
        this.issued = registry.counter("govclear.receipts.issued");
    }

    @Scheduled(every = "${govclear.receipts.issue-interval}", identity = "receipt-issuer",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return ScheduledRuns.warnOnFailure(issueDue(), LOG, "issuing receipts failed; the next run tries again");
    }

    /** Issues receipts until none is due (or another instance holds the head); returns how many this run issued. */
    public Uni<Integer> issueDue() {
        return receipts.anyDue().chain(due -> due ? loop(0, 0) : Uni.createFrom().item(0));
    }

    private Uni<Integer> loop(int batches, int total) {
        return issueBatch().chain(n -> n == batchSize && batches + 1 < MAX_BATCHES
                ? loop(batches + 1, total + n)
                : Uni.createFrom().item(total + n));
    }

    /** One transaction: lock the head, take the oldest due bills, append their receipts, move the head. */
    Uni<Integer> issueBatch() {
        return transactions.inTransaction(tx -> receipts.lockHead(tx)
                .chain(head -> head.isEmpty() ? Uni.createFrom().item(0)
                        : receipts.due(tx, batchSize).chain(due -> {
                            if (due.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                            List<Receipt> chain = chain(head.get(), due, now);
                            return receipts.append(tx, chain, now).map(x -> chain.size());
                        })))
                .invoke(n -> issued.increment(n));
    }

    private List<Receipt> chain(ReceiptRepository.Head head, List<ReceiptRepository.Due> due, Instant now) {
        Catalog snapshot = catalog.current();
        List<Receipt> chain = new ArrayList<>(due.size());
        long seq = head.lastSeq();
        byte[] previous = head.lastHash();
        for (ReceiptRepository.Due d : due) {
            seq++;
            Receipt receipt = draft(snapshot, d, seq, now).chained(previous);
            chain.add(receipt);
            previous = receipt.hash();
        }
        return chain;
    }

    private Receipt draft(Catalog snapshot, ReceiptRepository.Due d, long seq, Instant now) {
        Catalog.Unit unit = snapshot.unit(d.unitId());
        List<Receipt.Line> lines = new ArrayList<>(d.itemIds().size());
        for (int i = 0; i < d.itemIds().size(); i++) {
            Catalog.Item item = snapshot.item(d.itemIds().get(i));
            lines.add(new Receipt.Line(item.code(), item.name(), item.category().name(), d.amounts().get(i)));
        }
        Catalog.Item first = snapshot.item(d.itemIds().get(0));
        String receiptNo = ReceiptCodes.receiptNo(ReceiptCodes.receiptCode(unit.regionCode(), first.category(), now),
                seq);
        return new Receipt(seq, receiptNo, codes.checkCode(receiptNo, d.paymentCode(), d.amountFen(), now),
                d.orderId(), d.attemptId(), d.paymentCode(), d.paymentId(), d.channel(), unit.code(), unit.name(),
                d.payerNameMasked(), lines, d.principalFen(), d.lateFeeFen(), d.amountFen(),
                d.paidAt().truncatedTo(ChronoUnit.MICROS), now, null, null);
    }
}
