package io.govclear.funds;

import io.govclear.funds.statement.BankEntry;
import io.govclear.funds.statement.Direction;
import io.govclear.ledger.Accounts;
import io.govclear.ledger.Posting;
import java.time.LocalDate;

/**
 * The ledger entry of each bank statement entry, keyed by account, booking date, load generation and the bank's
 * reference so none posts twice (a supervisor's reload reverses the previous generation's first):
 * <ul>
 * <li>a channel's settlement: Dr the collection account / Cr channel_clearing:&lt;CH&gt; (the channel paid what it
 * owed), dated the business date it settles, so each day's clearing can net to zero (a debit the other way);</li>
 * <li>a payout voucher: Dr the payout account (credited when the payout bank confirmed the batch) / Cr the
 * collection account; its return: Dr the collection account / Cr settlement_returned (owed again to the
 * destination);</li>
 * <li>the budget's funding of the fees ({@code FEE-<yyyyMM>}): Dr the collection account / Cr fee_budget, the
 * appropriation that pays the channel_fee:* expense;</li>
 * <li>money nobody explains: against funds_suspense until a person decides ({@link FundsDecisions}): claimed to a
 * bill (Dr funds_suspense / Cr channel_clearing:TRANSFER, and the bill paid through TRANSFER) or sent back (Dr
 * funds_suspense / Cr funds_returning, cleared by the bank's debit {@code RTN-<reference>}).</li>
 * </ul>
 */
final class FundsPostings {

    static final String COLLECTION = "bank:COLLECTION";
    static final String SUSPENSE = "funds_suspense";
    static final String RETURNED = "settlement_returned";
    static final String OPENING = "funds_opening";
    /** What the finance department's budget paid in for the channels' fees (against their expense, channel_fee:*). */
    static final String FEE_BUDGET = "fee_budget";
    /** Unknown credits finance decided to send back, until the bank's debit of each ({@link EntryKind#CREDIT_RETURN}). */
    static final String RETURNING = "funds_returning";

    private FundsPostings() {
    }

    static String key(String account, LocalDate bookingDate, int generation, String bankReference) {
        return "funds:" + account + ":" + bookingDate + ":" + generation + ":" + bankReference;
    }

    static Posting entry(String key, LocalDate bookingDate, BankEntry e, Classified c, String payoutAccount) {
        boolean credit = e.direction() == Direction.CREDIT;
        String other = switch (c.kind()) {
            case CHANNEL_SETTLEMENT -> Accounts.channelClearing(c.channel().name());
            case PAYOUT -> payoutAccount;
            case PAYOUT_RETURN -> RETURNED;
            case CREDIT_RETURN -> RETURNING;
            case FEE_FUNDING -> FEE_BUDGET;
            case UNKNOWN_CREDIT, UNKNOWN_DEBIT -> SUSPENSE;
        };
        LocalDate date = c.kind() == EntryKind.CHANNEL_SETTLEMENT ? c.settledDate() : bookingDate;
        Posting.Builder b = Posting.builder(key, "FUNDS_" + c.kind().name(), date, e.bankReference(),
                "bank " + (credit ? "credit " : "debit ") + e.bankReference() + " of " + bookingDate
                        + (e.reference() == null ? "" : ", reference " + e.reference()));
        return credit ? b.debit(COLLECTION, e.amountFen()).credit(other, e.amountFen()).build()
                : b.debit(other, e.amountFen()).credit(COLLECTION, e.amountFen()).build();
    }

    /** The balance the account had before the first statement we hold: null when it is zero. */
    static Posting opening(String account, LocalDate date, long openingFen) {
        if (openingFen == 0) {
            return null;
        }
        Posting.Builder b = Posting.builder("funds:" + account + ":opening", "FUNDS_OPENING", date, account,
                "collection account balance before the first statement (" + date + ")");
        return openingFen > 0 ? b.debit(COLLECTION, openingFen).credit(OPENING, openingFen).build()
                : b.debit(OPENING, -openingFen).credit(COLLECTION, -openingFen).build();
    }
}
