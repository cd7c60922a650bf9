package io.govclear.simulator.agentbank;

import io.govclear.simulator.DurableMap;
import io.govclear.simulator.SimClock;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.SimStore;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The simulated agent bank (代理银行) that holds the platform's collection account: the channels' settlements arrive
 * on it by their terms, payers' own transfers land on it unexplained, and the payout bank's vouchers are debited from
 * it (and some come back). It writes the account's daily statement.
 * <p>
 * Bank references ({@code AB} + booking yyyyMMdd + 5 digits) never move once given: a settlement's carries
 * {@code 9}, the channel (1–5, {@link SettlingChannel} order) and its lag in days; a booked entry (credit, debit,
 * return) gets the day's next number from 00001 when it is booked. A statement lists the settlements first (channel
 * order, oldest business date first), then the booked entries in the order they were booked.
 */
@Singleton
public class AgentBank {

    static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** The engine's statement reader takes amounts up to 10^13 fen. */
    static final long MAX_FEN = 10_000_000_000_000L;
    private static final int MAX_BOOKED_PER_DAY = 89_999;
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{8,32}");
    private static final Pattern PAYER_ACCOUNT = Pattern.compile("[0-9A-Za-z]{4,34}");

    private final AgentBankConfig config;
    private final Clock clock;
    private final DurableMap<AccountEntry> credits;
    private final DurableMap<PayoutBooking> payouts;
    private final DurableMap<SettlementFault> faults;
    private final Settlements settlements;
    /** One booking at a time, so a day's numbers are handed out once. */
    private final Object booking = new Object();

    AgentBank(AgentBankConfig config, ChannelBooks books, Clock clock, SimStore store) {
        if (!ACCOUNT.matcher(config.account()).matches()) {
            throw new IllegalStateException("govclear.simulator.agent-bank.account must be 8–32 digits");
        }
        if (!Texts.printable(config.accountName()) || config.accountName().isBlank()
                || config.accountName().contains(",") || config.accountName().contains("\"")) {
            throw new IllegalStateException("govclear.simulator.agent-bank.account-name must be plain text");
        }
        this.config = config;
        this.clock = clock;
        this.credits = store.map("agent-bank.credits", AccountEntry.class);
        this.payouts = store.map("agent-bank.payouts", PayoutBooking.class);
        this.faults = store.map("agent-bank.settlement-faults", SettlementFault.class);
        this.settlements = new Settlements(books, faults::get, config.channels());
    }

    /**
     * The statement of a booking date: opening = every entry of every earlier date, then the day's entries. A date
     * that has not begun (beyond {@code serves-ahead-days}) has no statement (404).
     */
    public Statement statement(LocalDate date) {
        if (date.isAfter(today().plusDays(config.servesAheadDays()))) {
            throw SimProblem.notFound("STATEMENT_NOT_READY", "No statement of the collection account for " + date
                    + " yet");
        }
        long opening = 0;
        List<AccountEntry> day = new ArrayList<>();
        for (Settlement s : settlements.bookedUpTo(date)) {
            if (s.bookingDate().isBefore(date)) {
                opening += s.amountFen();
            } else {
                day.add(entry(s));
            }
        }
        List<AccountEntry> booked = booked().sorted(Comparator.comparing(AccountEntry::bankReference)).toList();
        for (AccountEntry e : booked) {
            if (e.bookingDate().isBefore(date)) {
                opening += e.signedFen();
            } else if (e.bookingDate().equals(date)) {
                day.add(e);
            }
        }
        return new Statement(config.account(), config.accountName(), date, opening, day);
    }

    /** Records how a channel's settlement of a date is to go wrong (replacing an earlier fault of that settlement). */
    public SettlementFault addFault(SettlementFaultRequest request) {
        if (request == null) {
            throw SimProblem.badRequest("FAULT_INVALID", "Send {channel, businessDate, kind, shortFen?}");
        }
        SettlingChannel channel = SettlingChannel.byName(String.valueOf(request.channel()))
                .orElseThrow(() -> SimProblem.invalid("channel",
                        "must be ALIPAY, WECHAT_PAY, UNIONPAY, BANK_ICBC or BANK_ABC"));
        LocalDate businessDate = date("businessDate", request.businessDate());
        SettlementFault.Kind kind;
        try {
            kind = SettlementFault.Kind.valueOf(String.valueOf(request.kind()));
        } catch (IllegalArgumentException e) {
            throw SimProblem.invalid("kind", "must be LATE, SHORT or MISSING");
        }
        Long shortFen = null;
        if (kind == SettlementFault.Kind.SHORT) {
            if (request.shortFen() == null) {
                throw SimProblem.invalid("shortFen", "is required for SHORT");
            }
            shortFen = fen("shortFen", request.shortFen());
            long amount = settlements.amount(channel, businessDate);
            if (shortFen >= amount) {
                throw SimProblem.invalid("shortFen", "must be below the settlement's amount (" + Math.max(amount, 0)
                        + " fen for " + channel + " of " + businessDate + ")");
            }
        } else if (request.shortFen() != null) {
            throw SimProblem.invalid("shortFen", "is for SHORT only");
        }
        SettlementFault fault = new SettlementFault(channel, businessDate, kind, shortFen);
        faults.put(Settlements.key(channel, businessDate), fault);
        return fault;
    }

    /** Books a payer's own transfer (未明款项) on its date, with no reference; a date to come is refused. */
    public AccountEntry credit(CreditRequest request) {
        if (request == null) {
            throw SimProblem.badRequest("CREDIT_INVALID",
                    "Send {date, amountFen, payerName, payerAccount, remittance}");
        }
        LocalDate date = date("date", request.date());
        if (date.isAfter(today())) {
            throw SimProblem.invalid("date", "is after the bank's today (" + today() + ")");
        }
        if (request.amountFen() == null) {
            throw SimProblem.invalid("amountFen", "is required");
        }
        long amount = fen("amountFen", request.amountFen());
        String payer = Texts.required("payerName", request.payerName(), Texts.MAX_TEXT);
        if (request.payerAccount() == null || !PAYER_ACCOUNT.matcher(request.payerAccount()).matches()) {
            throw SimProblem.invalid("payerAccount", "must be 4–34 letters or digits");
        }
        String remittance = Texts.required("remittance", request.remittance(), Texts.MAX_TEXT);
        synchronized (booking) {
            AccountEntry entry = new AccountEntry(nextReferences(date, 1).get(0), date, true, amount, null, payer,
                    request.payerAccount(), remittance, null);
            credits.put(entry.bankReference(), entry);
            return entry;
        }
    }

    /**
     * Books a payout issue's vouchers: each debited today (the day after the business date at the earliest), each
     * returned one credited back the day after with its reason.
     * The same issue told again with the same fingerprint books nothing and answers the first booking; told with
     * another, it is refused (409).
     */
    public PayoutBooking bookPayout(LocalDate businessDate, int issueNo, String fingerprint,
            List<PayoutDebit> debits) {
        String key = businessDate + "|" + issueNo;
        synchronized (booking) {
            PayoutBooking earlier = payouts.get(key);
            if (earlier != null) {
                if (!earlier.fingerprint().equals(fingerprint)) {
                    throw SimProblem.conflict("PAYOUT_ALREADY_BOOKED", "Issue " + issueNo + " of " + businessDate
                            + " was booked on " + earlier.toldOn() + " from another file, returns or receipts");
                }
                return earlier;
            }
            // a business date is paid out the day after at the earliest (in production the day its batch is built);
            // a demo settling the current day sees its debits tomorrow
            LocalDate today = later(today(), businessDate.plusDays(1));
            LocalDate tomorrow = today.plusDays(1);
            List<PayoutDebit> returned = debits.stream().filter(d -> d.returnReason() != null).toList();
            List<String> debitRefs = nextReferences(today, debits.size());
            List<String> returnRefs = nextReferences(tomorrow, returned.size());
            List<AccountEntry> entries = new ArrayList<>();
            for (int i = 0; i < debits.size(); i++) {
                PayoutDebit d = debits.get(i);
                entries.add(new AccountEntry(debitRefs.get(i), today, false, d.amountFen(), d.voucherNo(), d.payee(),
                        d.payeeAccount(), "缴款书 " + d.voucherNo(), null));
            }
            for (int i = 0; i < returned.size(); i++) {
                PayoutDebit d = returned.get(i);
                entries.add(new AccountEntry(returnRefs.get(i), tomorrow, true, d.amountFen(), d.voucherNo(),
                        d.payee(), d.payeeAccount(), "退汇 缴款书 " + d.voucherNo(), d.returnReason()));
            }
            PayoutBooking booked = new PayoutBooking(businessDate, issueNo, fingerprint, today, List.copyOf(entries));
            payouts.put(key, booked);
            return booked;
        }
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** The bank's business day (Asia/Shanghai, the simulators' clock). */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), SimClock.ZONE);
    }

    private AccountEntry entry(Settlement s) {
        String bankReference = "AB" + DAY.format(s.bookingDate()) + "9" + (s.channel().ordinal() + 1)
                + String.format("%03d", Settlements.lagDays(s));
        return new AccountEntry(bankReference, s.bookingDate(), true, s.amountFen(),
                "STL-" + s.channel().name() + "-" + DAY.format(s.businessDate()), s.channel().payerName(),
                s.channel().payerAccount(), "结算款 " + s.businessDate(), null);
    }

    /** Everything booked rather than computed: payers' credits, payout debits and returns. */
    private Stream<AccountEntry> booked() {
        return Stream.concat(credits.values().stream(), payouts.values().stream().flatMap(p -> p.entries().stream()));
    }

    /** The next {@code n} numbers of a booking date (the caller holds the booking lock). */
    private List<String> nextReferences(LocalDate date, int n) {
        int last = booked().filter(e -> e.bookingDate().equals(date))
                .mapToInt(e -> Integer.parseInt(e.bankReference().substring(10)))
                .max().orElse(0);
        if (last + n > MAX_BOOKED_PER_DAY) {
            throw SimProblem.conflict("DAY_FULL", "The bank books at most " + MAX_BOOKED_PER_DAY + " entries a day");
        }
        List<String> references = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            references.add("AB" + DAY.format(date) + String.format("%05d", last + i));
        }
        return references;
    }

    private static LocalDate date(String field, String text) {
        if (text == null) {
            throw SimProblem.invalid(field, "is required");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw SimProblem.invalid(field, "must be a date like 2026-12-08");
        }
    }

    /** A whole, positive number of fen the engine can read. */
    private static long fen(String field, BigDecimal value) {
        BigDecimal fen = value.stripTrailingZeros();
        if (fen.signum() <= 0 || fen.scale() > 0 || fen.compareTo(BigDecimal.valueOf(MAX_FEN)) > 0) {
            throw SimProblem.invalid(field, "must be a whole number of fen from 1 to " + MAX_FEN);
        }
        return fen.longValueExact();
    }
}
