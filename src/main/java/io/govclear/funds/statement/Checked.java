package io.govclear.funds.statement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What both formats hold their values to: amounts, dates and texts, each entry against the header (its booking date,
 * a bank reference of its own), and the running totals that must reach the closing balance.
 */
final class Checked {

    static final int MAX_ENTRIES = 2_000_000;
    static final long MAX_FEN = 10_000_000_000_000L;
    static final int MAX_TEXT = 140;
    static final int MAX_REFERENCE = 35;

    private static final Pattern AMOUNT = Pattern.compile("-?[0-9]{1,13}(\\.[0-9]{1,2})?");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final Set<String> bankReferences = new HashSet<>();
    private BankStatementHeader header;
    private long balanceFen;
    private int entries;

    /** Yuan with at most two decimals as fen; a sign only where {@code signed}. */
    static long fen(String location, String text, boolean signed) {
        String t = text == null ? "" : text.strip();
        if (!AMOUNT.matcher(t).matches() || (!signed && t.startsWith("-"))) {
            throw new BankStatementException(location, "not an amount of yuan with at most two decimals: '"
                    + shorten(t) + "'");
        }
        long fen = new BigDecimal(t).movePointRight(2).longValueExact();
        if (Math.abs(fen) > MAX_FEN) {
            throw new BankStatementException(location, "amount above " + MAX_FEN + " fen");
        }
        return fen;
    }

    static LocalDate date(String location, String text) {
        try {
            return LocalDate.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            throw new BankStatementException(location, "not a date yyyy-MM-dd: '" + shorten(text) + "'");
        }
    }

    /** A text as given, null when empty; refused when too long or holding control characters. */
    static String text(String location, String text, int max) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > max) {
            throw new BankStatementException(location, "longer than " + max + " characters");
        }
        if (CONTROL.matcher(text).find()) {
            throw new BankStatementException(location, "holds control characters");
        }
        return text;
    }

    static String required(String location, String text, int max) {
        String t = text(location, text, max);
        if (t == null) {
            throw new BankStatementException(location, "is required");
        }
        return t;
    }

    BankStatementHeader header(String location, BankStatementHeader h) {
        if (h.account() == null || !h.account().matches("[0-9]{8,32}")) {
            throw new BankStatementException(location, "the account must be 8–32 digits");
        }
        if (!"CNY".equals(h.currency())) {
            throw new BankStatementException(location, "the currency must be CNY, not " + h.currency());
        }
        header = h;
        balanceFen = h.openingFen();
        return h;
    }

    BankEntry entry(String location, BankEntry e) {
        if (++entries > MAX_ENTRIES) {
            throw new BankStatementException(location, "more than " + MAX_ENTRIES + " entries");
        }
        if (e.amountFen() <= 0) {
            throw new BankStatementException(location, "an entry's amount must be above zero");
        }
        if (!header.date().equals(e.bookingDate())) {
            throw new BankStatementException(location, "booked on " + e.bookingDate() + ", not on the statement's date "
                    + header.date());
        }
        if (!bankReferences.add(e.bankReference())) {
            throw new BankStatementException(location, "the bank reference " + e.bankReference() + " repeats");
        }
        balanceFen += e.direction() == Direction.CREDIT ? e.amountFen() : -e.amountFen();
        return e;
    }

    /** The balance after the entries so far. */
    long balance() {
        return balanceFen;
    }

    int entries() {
        return entries;
    }

    void closing(String location, long closingFen) {
        if (closingFen != balanceFen) {
            throw new BankStatementException(location, "the closing balance " + closingFen + " fen is not the opening "
                    + header.openingFen() + " fen plus credits minus debits (" + balanceFen + " fen)");
        }
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
