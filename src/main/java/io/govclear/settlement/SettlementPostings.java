package io.govclear.settlement;

import io.govclear.ledger.Accounts;
import io.govclear.ledger.Posting;
import java.time.LocalDate;
import java.util.Map;

/**
 * The ledger entries of settlement, each keyed by date and subject so none posts twice.
 * <ul>
 * <li>confirm, per channel: the day's fees, Dr channel_fee:&lt;CH&gt; (the platform's expense) / Cr
 * channel_clearing:&lt;CH&gt; when the channel keeps them back from its settlement (NET terms: it owes us that much
 * less), or Cr channel_fee_payable:&lt;CH&gt; when it pays in gross and bills its fees apart (GROSS terms);</li>
 * <li>confirm, per unit: Dr unit_payable:&lt;unit&gt; (net + deducted fees) / Cr settlement_outbound (net) and Cr
 * channel_fee:&lt;CH&gt; (the fees recovered from the unit, for items whose fee is deducted). So channel_fee keeps
 * only the fees the platform bears;</li>
 * <li>paid: Dr settlement_outbound / Cr the payout bank account (net of the batch).</li>
 * </ul>
 * A negative amount (refunds of earlier days above the day's takings) posts the other way round.
 */
final class SettlementPostings {

    private SettlementPostings() {
    }

    static String keyPrefix(LocalDate date) {
        return "settle:" + date + ":";
    }

    static Posting channelFees(LocalDate date, String channel, long feeFen, boolean gross) {
        return Posting.builder(keyPrefix(date) + "fee:" + channel, "SETTLEMENT_FEE", date, "settlement:" + date,
                        "channel fees of " + channel + " settled on " + date)
                .debit(Accounts.channelFee(channel), feeFen)
                .credit(gross ? Accounts.channelFeePayable(channel) : Accounts.channelClearing(channel), feeFen)
                .build();
    }

    /** The statement's fees above ({@code fen} > 0) or below ours: more or less fee expense against clearing. */
    static Posting feeGap(LocalDate date, String channel, long fen) {
        Posting.Builder b = Posting.builder(keyPrefix(date) + "fee-gap:" + channel, "SETTLEMENT_FEE_GAP", date,
                "settlement:" + date, "channel fees of " + channel + " on " + date + " as its statement kept them");
        return fen > 0 ? b.debit(Accounts.channelFee(channel), fen).credit(Accounts.channelClearing(channel), fen).build()
                : b.debit(Accounts.channelClearing(channel), -fen).credit(Accounts.channelFee(channel), -fen).build();
    }

    /** Null when nothing moves for the unit. */
    static Posting unit(LocalDate date, String unitCode, long netFen, Map<String, Long> deductedByChannel) {
        long deducted = deductedByChannel.values().stream().mapToLong(Long::longValue).sum();
        Posting.Builder b = Posting.builder(keyPrefix(date) + "unit:" + unitCode, "SETTLEMENT", date,
                "settlement:" + date, "settlement of " + date + " for " + unitCode);
        int legs = signed(b, Accounts.unitPayable(unitCode), netFen + deducted)
                + signed(b, Accounts.SETTLEMENT_OUTBOUND, -netFen);
        for (Map.Entry<String, Long> fee : deductedByChannel.entrySet()) {
            legs += signed(b, Accounts.channelFee(fee.getKey()), -fee.getValue());
        }
        return legs == 0 ? null : b.build();
    }

    /** Null when the batch nets to zero. */
    static Posting paid(LocalDate date, long netFen, String bankAccount) {
        Posting.Builder b = Posting.builder(keyPrefix(date) + "paid", "SETTLEMENT_PAID", date, "settlement:" + date,
                "payout of the settlement of " + date + " confirmed by the bank");
        int legs = signed(b, Accounts.SETTLEMENT_OUTBOUND, netFen) + signed(b, bankAccount, -netFen);
        return legs == 0 ? null : b.build();
    }

    /** Debits a positive amount, credits a negative one; emits the number of legs added. */
    private static int signed(Posting.Builder b, String account, long debitFen) {
        if (debitFen > 0) {
            b.debit(account, debitFen);
            return 1;
        }
        if (debitFen < 0) {
            b.credit(account, -debitFen);
            return 1;
        }
        return 0;
    }
}
