package io.govclear.reconciliation;

import io.govclear.channel.Channel;
import io.govclear.ledger.Accounts;
import io.govclear.ledger.Posting;
import java.time.LocalDate;

/**
 * The ledger entries of reconciliation. A discrepancy's suspense amount is signed: positive when the channel holds
 * money our books do not explain (debit channel clearing, credit suspense: CHANNEL_ONLY, an unconfirmed
 * STATUS_MISMATCH, a statement amount above ours), negative when our books expect money the channel does not list
 * (debit suspense, credit channel clearing: PLATFORM_ONLY, a statement amount below ours). Channel clearing then
 * shows what the channel really owes; suspense shows what is unexplained. A manual resolution moves the amount out
 * of suspense again: back against clearing (TRUST_PLATFORM, or TRUST_CHANNEL after a back-fill), to the payer
 * (REFUND, TRUST_CHANNEL for money no bill takes) or to the write-off account (WRITE_OFF, TRUST_CHANNEL for a
 * shortfall). Each entry's key names the discrepancy, so none posts twice.
 */
final class SuspensePostings {

    private SuspensePostings() {
    }

    /** Into suspense: the difference as found. */
    static Posting suspense(Discrepancy d, Channel channel, LocalDate businessDate) {
        return between(d, "recon:suspense:" + d.id(), "RECON_SUSPENSE", businessDate,
                d.discrepancyClass() + " " + d.paymentId() + " to suspense",
                Accounts.channelClearing(channel.name()), Accounts.SUSPENSE, d.suspenseFen());
    }

    /** Out of suspense: the other side is {@code counterAccount} (clearing, payer refundable or write-off). */
    static Posting release(Discrepancy d, String key, String type, LocalDate businessDate, String description,
            String counterAccount) {
        // the reverse of the suspense entry, with the counter account in clearing's place
        return between(d, key, type, businessDate, description, Accounts.SUSPENSE, counterAccount, d.suspenseFen());
    }

    /** fen > 0: debit {@code whenPositiveDebit}, credit the other; fen < 0 the other way round. */
    private static Posting between(Discrepancy d, String key, String type, LocalDate businessDate,
            String description, String whenPositiveDebit, String whenPositiveCredit, long fen) {
        long amount = Math.abs(fen);
        Posting.Builder b = Posting.builder(key, type, businessDate, d.paymentId(), description);
        return fen > 0
                ? b.debit(whenPositiveDebit, amount).credit(whenPositiveCredit, amount).build()
                : b.debit(whenPositiveCredit, amount).credit(whenPositiveDebit, amount).build();
    }
}
