package io.govclear.receipt;

import io.govclear.common.Clocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Verifies the whole receipt chain: numbers 1…n without gaps, each receipt linked to the previous one's hash, each
 * hash recomputed from the content, each check code re-derived, and the head pointing at the last receipt (so a
 * removed tail is noticed too). Read-only, so every instance may run it; a daily job logs the result and publishes
 * it as gauges {@code govclear_receipts_chain_valid} (1/0) and {@code govclear_receipts_chain_checked}.
 */
@Singleton
public class ChainVerifier {

    private static final Logger LOG = Logger.getLogger(ChainVerifier.class);
    private static final int PAGE = 500;

    @Inject ReceiptRepository receipts;
    @Inject ReceiptService service;
    private final AtomicLong valid = new AtomicLong(1);
    private final AtomicLong checked = new AtomicLong();

    public ChainVerifier(MeterRegistry registry) {
        registry.gauge("govclear.receipts.chain.valid", valid);
        registry.gauge("govclear.receipts.chain.checked", checked);
    }

    /** The outcome: how many receipts were checked, and the first one that does not verify. */
    public record Report(long checked, boolean valid, String firstBrokenReceiptNo, String detail) {
    }

    private record Position(long seq, byte[] hash, String receiptNo) {
    }

    @Scheduled(cron = "${govclear.receipts.chain-verify-cron}", timeZone = Clocks.BUSINESS_ZONE_ID,
            identity = "receipt-chain-verify", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return verify()
                .invoke(report -> {
                    if (report.valid()) {
                        LOG.infof("receipt chain verified: %d receipts intact", report.checked());
                    } else {
                        LOG.errorf("receipt chain BROKEN at %s (%s) after %d receipts",
                                report.firstBrokenReceiptNo(), report.detail(), report.checked());
                    }
                })
                .replaceWithVoid();
    }

    public Uni<Report> verify() {
        // the head first: receipts issued while we walk are after it and are left for the next run
        return receipts.head()
                .chain(head -> walk(new Position(0, ReceiptService.GENESIS, null), head))
                .invoke(report -> {
                    valid.set(report.valid() ? 1 : 0);
                    checked.set(report.checked());
                });
    }

    private Uni<Report> walk(Position at, ReceiptRepository.Head head) {
        int limit = (int) Math.min(PAGE, head.lastSeq() - at.seq());
        if (limit <= 0) {
            return Uni.createFrom().item(MessageDigest.isEqual(at.hash(), head.lastHash())
                    ? new Report(at.seq(), true, null, null)
                    : new Report(at.seq(), false, at.receiptNo(), "the chain head does not match the last receipt"));
        }
        return receipts.after(at.seq(), limit).chain(page -> {
            Position position = at;
            for (Receipt r : page) {
                String broken = check(r, position);
                if (broken != null) {
                    return Uni.createFrom().item(new Report(position.seq(), false, r.receiptNo(), broken));
                }
                position = new Position(r.seq(), r.hash(), r.receiptNo());
            }
            if (page.size() < limit) {
                return Uni.createFrom().item(new Report(position.seq(), false, position.receiptNo(),
                        "receipts after " + position.seq() + " are missing (head at " + head.lastSeq() + ")"));
            }
            return walk(position, head);
        });
    }

    private String check(Receipt r, Position previous) {
        if (r.seq() != previous.seq() + 1) {
            return "number " + (previous.seq() + 1) + " is missing";
        }
        if (!MessageDigest.isEqual(r.prevHash(), previous.hash())) {
            return "its link does not match the previous receipt's hash";
        }
        if (!service.intact(r)) {
            return "its content does not match its hash or check code";
        }
        return null;
    }
}
