package io.govclear.funds;

import io.govclear.channel.Channel;
import io.govclear.funds.statement.BankEntry;
import io.govclear.funds.statement.Direction;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bank entry as the engine understands it, from its reference alone: a channel's settlement of a business date
 * ({@code STL-<CHANNEL>-<yyyyMMdd>}), a payout voucher ({@code GC} + date + sequence, the payout file's voucher
 * number) debited or returned, or nothing we know.
 */
public record Classified(EntryKind kind, Channel channel, LocalDate settledDate, String voucherNo) {

    private static final Pattern SETTLEMENT = Pattern.compile("STL-([A-Z_]+)-([0-9]{8})");
    private static final Pattern VOUCHER = Pattern.compile("GC[0-9]{13}");
    private static final Pattern FEE_FUNDING = Pattern.compile("FEE-[0-9]{6}");
    /** What the bank writes on the debit that sends an unknown credit back (FundsDecisions). */
    public static final String RETURN_PREFIX = "RTN-";

    public static Classified of(BankEntry entry) {
        String reference = entry.reference() == null ? "" : entry.reference();
        boolean credit = entry.direction() == Direction.CREDIT;
        Matcher settlement = SETTLEMENT.matcher(reference);
        if (settlement.matches()) {
            Channel channel = channel(settlement.group(1));
            LocalDate date = date(settlement.group(2));
            if (channel != null && date != null) {
                return new Classified(EntryKind.CHANNEL_SETTLEMENT, channel, date, null);
            }
        }
        if (VOUCHER.matcher(reference).matches()) {
            return new Classified(credit ? EntryKind.PAYOUT_RETURN : EntryKind.PAYOUT, null, null, reference);
        }
        if (credit && FEE_FUNDING.matcher(reference).matches()) {
            return new Classified(EntryKind.FEE_FUNDING, null, null, null);
        }
        if (!credit && reference.startsWith(RETURN_PREFIX) && reference.length() > RETURN_PREFIX.length()) {
            return new Classified(EntryKind.CREDIT_RETURN, null, null, null);
        }
        return new Classified(credit ? EntryKind.UNKNOWN_CREDIT : EntryKind.UNKNOWN_DEBIT, null, null, null);
    }

    private static Channel channel(String name) {
        for (Channel c : Channel.values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static LocalDate date(String yyyyMMdd) {
        try {
            return LocalDate.parse(yyyyMMdd, DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
