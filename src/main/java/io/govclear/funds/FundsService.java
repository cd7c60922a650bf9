package io.govclear.funds;

import io.govclear.audit.AuditLog;
import io.govclear.channel.StatementDownload;
import io.govclear.channel.http.ChannelClient;
import io.govclear.channel.http.ChannelHttp;
import io.govclear.channel.http.HttpFailure;
import io.govclear.channel.http.HttpTimeouts;
import io.govclear.common.ProblemCode;
import io.govclear.dayclose.DayClose;
import io.govclear.common.ProblemException;
import io.govclear.common.Transactions;
import io.govclear.funds.BankStatementRepository.Statement;
import io.govclear.funds.statement.BankEntry;
import io.govclear.funds.statement.BankStatementException;
import io.govclear.funds.statement.BankStatementFormat;
import io.govclear.funds.statement.BankStatementHeader;
import io.govclear.funds.statement.BankStatementReader;
import io.govclear.funds.statement.Direction;
import io.govclear.ledger.LedgerService;
import io.govclear.ledger.Posting;
import io.govclear.security.Masking;
import io.govclear.security.PersonalData;
import io.govclear.settlement.BatchStatus;
import io.govclear.settlement.SettlementConfig;
import io.govclear.settlement.SettlementReads;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the agent bank's statements of the collection account: once per booking date (a SUPERVISOR may reload one
 * with a reason; the previous load's postings are reversed), streamed from the file in batches, every entry
 * classified by its reference ({@link Classified}) and booked ({@link FundsPostings}) in the transaction that stores
 * it, so the ledger's collection account always equals the bank's closing balance of the last statement loaded. A
 * malformed file, a statement of another account or one whose opening balance is not the previous day's close
 * changes nothing, as does one (a reload, or a late first load) whose close is not where the next statement opens.
 */
@Singleton
public class FundsService {

    /** Entries read and written per round trip. */
    static final int BATCH = 1_000;

    @Inject Transactions transactions;
    @Inject BankStatementRepository statements;
    @Inject DecisionRepository decisions;
    @Inject LedgerService ledger;
    @Inject AuditLog audit;
    @Inject PersonalData personalData;
    @Inject FundsConfig config;
    @Inject SettlementConfig settlement;
    @Inject io.govclear.settlement.SettlementService settlements;
    @Inject SettlementReads settlementReads;
    @Inject Clock clock;
    @Inject ChannelHttp http;
    @Inject StatementDownload download;
    private volatile ChannelClient client;

    /** The three-way view of a business date. */
    public Uni<FundsView> view(LocalDate date) {
        String account = config.collectionAccount();
        Uni<List<SettlementReads.Voucher>> vouchers = settlements.find(date)
                .chain(b -> b.status() == BatchStatus.DRAFT
                        ? Uni.createFrom().item(List.<SettlementReads.Voucher>of()) : settlementReads.vouchers(b))
                .onFailure(ProblemException.class).recoverWithItem(List.of());
        return statements.latest(account).map(s -> s.map(Statement::bookingDate)).chain(latest -> statements.reconciled(date)
                .chain(runs -> statements.concerning(account, date)
                        .chain(entries -> vouchers.map(v -> FundsView.of(date, account, latest, config, runs, entries,
                                v)))));
    }

    /** A channel's settlement of a business date that is due and has not reached the bank (class MISSING). */
    public record MissingCredit(String channel, LocalDate businessDate, LocalDate dueDate, Long expectedFen) {
    }

    /** The channel settlements of the business dates {@code from}..{@code to} that the view of their day finds MISSING. */
    public Uni<List<MissingCredit>> missingCredits(LocalDate from, LocalDate to) {
        return Multi.createFrom().iterable(from.datesUntil(to.plusDays(1)).toList())
                .onItem().transformToUniAndConcatenate(this::view)
                .collect().asList()
                .map(views -> views.stream().flatMap(v -> v.channels().stream()
                                .filter(c -> c.status() == FundsView.ChannelClass.MISSING)
                                .map(c -> new MissingCredit(c.channel(), v.businessDate(), c.dueDate(),
                                        c.expectedFen())))
                        .toList());
    }

    /** What a load did. */
    public record Loaded(Statement statement, Map<EntryKind, Long> counts) {
    }

    /**
     * Loads a statement file (deleted afterwards by the caller). {@code reloadReason} null: the first load of that
     * date, 409 FUNDS_STATEMENT_LOADED if there is one; given: a supervisor's reload.
     */
    public Uni<Loaded> load(Path file, BankStatementFormat format, String who, String reloadReason) {
        Instant now = clock.instant();
        return onWorker(() -> new Opened(file, format))
                .chain(opened -> transactions.inTransaction(tx -> start(tx, opened, who, reloadReason, now)
                                .chain(started -> entries(tx, opened, started, new Totals(), now)
                                        .chain(totals -> finish(tx, opened, started, totals, who, reloadReason, now))))
                        .eventually(() -> onWorker(() -> {
                            opened.close();
                            return null;
                        })));
    }

    /**
     * Fetches the collection account's statement of {@code bookingDate} from the agent bank
     * ({@code govclear.funds.statement-url}/{date}?format=camt053|csv), streamed to a temporary file, and loads it
     * as {@link #load} does. 422 STATEMENT_NOT_AVAILABLE when the bank does not serve it (yet).
     */
    public Uni<Loaded> fetch(LocalDate bookingDate, BankStatementFormat format, String who, String reloadReason) {
        String base = config.statementUrl().orElseThrow(() -> new ProblemException(ProblemCode.STATEMENT_NOT_AVAILABLE,
                "No bank statement address is configured (govclear.funds.statement-url): upload the file"));
        String url = base + "/" + bookingDate + "?format=" + (format == BankStatementFormat.CSV ? "csv" : "camt053");
        return download.toTempFile(bankClient(), url, Map.of())
                .onFailure(HttpFailure.class).transform(e -> new ProblemException(ProblemCode.STATEMENT_NOT_AVAILABLE,
                        "The agent bank did not serve the statement of " + bookingDate + ": " + e.getMessage()))
                .chain(file -> load(file, format, who, reloadReason)
                        .eventually(() -> onWorker(() -> {
                            StatementDownload.discard(file);
                            return null;
                        })));
    }

    private ChannelClient bankClient() {
        ChannelClient c = client;
        if (c == null) {
            c = client = http.client("AGENT_BANK", new HttpTimeouts(config.statementTimeout(),
                    config.statementTimeout(), Optional.of(config.statementTimeout().multipliedBy(10))));
        }
        return c;
    }

    /** The file as being read: its reader, and the SHA-256 of what was read so far. */
    private static final class Opened {
        final MessageDigest sha256;
        final InputStream in;
        final BankStatementReader reader;
        final BankStatementHeader header;
        final BankStatementFormat format;

        Opened(Path file, BankStatementFormat format) {
            this.format = format;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
                in = new DigestInputStream(Files.newInputStream(file), sha256);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            reader = refusing(() -> BankStatementReader.open(in, format));
            header = reader.header();
        }

        void close() {
            try {
                reader.close();
                in.close();
            } catch (IOException e) {
                // a read-only temporary file
            }
        }
    }

    /** A statement row ready for entries: its id and generation. */
    private record Started(long id, int generation) {
    }

    private static final class Totals {
        int count;
        long creditFen;
        long debitFen;
        final Map<EntryKind, Long> counts = new EnumMap<>(EntryKind.class);
        /** The bank's references so far: each names one entry (the ledger keys its posting by it). */
        final Set<String> references = new HashSet<>();
    }

    private Uni<Started> start(SqlClient tx, Opened opened, String who, String reloadReason, Instant now) {
        BankStatementHeader h = opened.header;
        if (!config.collectionAccount().equals(h.account())) {
            throw new ProblemException(ProblemCode.FUNDS_ACCOUNT_UNKNOWN, "The statement is of account "
                    + Masking.account(h.account()) + ", not of the collection account");
        }
        return statements.before(tx, h.account(), h.date())
                .chain(previous -> {
                    if (previous.isPresent() && previous.get().closingFen() != h.openingFen()) {
                        throw new ProblemException(ProblemCode.FUNDS_STATEMENT_INVALID, "The statement opens at "
                                + h.openingFen() + " fen but the statement of " + previous.get().bookingDate()
                                + " closed at " + previous.get().closingFen() + " fen");
                    }
                    Uni<Void> opening = previous.isPresent() ? Uni.createFrom().voidItem()
                            : postOpening(tx, h, now);
                    byte[] placeholder = new byte[32]; // the file's hash is known once it is read (finish)
                    if (reloadReason == null) {
                        return statements.insert(tx, h.account(), h.date(), formatName(opened), h.openingFen(),
                                        placeholder, who, now)
                                .map(id -> new Started(id.orElseThrow(() -> new ProblemException(
                                        ProblemCode.FUNDS_STATEMENT_LOADED, "The statement of " + h.date()
                                                + " is loaded; a supervisor may reload it with a reason")), 1))
                                .call(() -> opening);
                    }
                    // its credits settle the day before: neither day's frozen figures may move
                    return DayClose.refuseIfClosed(tx, h.date().minusDays(1), h.date(), "reloading the statement of "
                                    + h.date())
                            .chain(() -> statements.lock(tx, h.account(), h.date())).chain(found -> {
                        Statement s = found.orElseThrow(() -> new ProblemException(
                                ProblemCode.FUNDS_STATEMENT_NOT_FOUND, "No statement of " + h.date() + " to reload"));
                        return decisions.anyLive(tx, s.id())
                                .invoke(live -> {
                                    if (live) {
                                        throw new ProblemException(ProblemCode.FUNDS_ENTRY_DECIDED, "A credit of "
                                                + h.date() + " has been claimed or returned; the statement stays");
                                    }
                                })
                                .chain(() -> statements.bankReferences(tx, s.id()))
                                .chain(refs -> reverseAll(tx, s, refs, now))
                                .chain(() -> statements.restart(tx, s.id(), formatName(opened), h.openingFen(),
                                        placeholder, who, reloadReason, now))
                                .replaceWith(new Started(s.id(), s.generation() + 1));
                    });
                });
    }

    private Uni<Void> postOpening(SqlClient tx, BankStatementHeader h, Instant now) {
        var posting = FundsPostings.opening(h.account(), h.date(), h.openingFen());
        return posting == null ? Uni.createFrom().voidItem() : ledger.post(tx, posting, now).replaceWithVoid();
    }

    private Uni<Void> reverseAll(SqlClient tx, Statement s, List<String> bankReferences, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String ref : bankReferences) {
            String key = FundsPostings.key(s.account(), s.bookingDate(), s.generation(), ref);
            chain = chain.chain(() -> ledger.reverse(tx, key, key + ":reversed", "FUNDS_RELOAD", s.bookingDate(),
                    "statement of " + s.bookingDate() + " reloaded", now).replaceWithVoid());
        }
        return chain;
    }

    /** Reads, stores and books the entries batch by batch (reading on a worker thread, writing on the connection). */
    private Uni<Totals> entries(SqlClient tx, Opened opened, Started started, Totals totals, Instant now) {
        return onWorker(() -> {
                    List<BankEntry> batch = new ArrayList<>(BATCH);
                    BankEntry e;
                    while (batch.size() < BATCH && (e = refusing(opened.reader::next)) != null) {
                        batch.add(e);
                    }
                    return batch;
                })
                .chain(batch -> {
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(totals);
                    }
                    BankStatementHeader h = opened.header;
                    List<Tuple> rows = new ArrayList<>(batch.size());
                    List<Posting> postings = new ArrayList<>(batch.size());
                    for (BankEntry e : batch) {
                        if (!totals.references.add(e.bankReference())) {
                            throw new ProblemException(ProblemCode.FUNDS_STATEMENT_INVALID, "Entry " + e.position()
                                    + " repeats the bank reference " + e.bankReference() + " of an earlier entry",
                                    List.of(new ProblemException.FieldError("entry " + e.position(),
                                            "repeats bank reference " + e.bankReference())));
                        }
                        Classified c = Classified.of(e);
                        rows.add(row(started.id(), e, c));
                        totals.count++;
                        if (e.direction() == Direction.CREDIT) {
                            totals.creditFen += e.amountFen();
                        } else {
                            totals.debitFen += e.amountFen();
                        }
                        totals.counts.merge(c.kind(), 1L, Long::sum);
                        postings.add(FundsPostings.entry(FundsPostings.key(h.account(), h.date(),
                                started.generation(), e.bankReference()), h.date(), e, c, settlement.payoutAccount()));
                    }
                    return statements.insertEntries(tx, rows).chain(() -> ledger.postAll(tx, postings, now))
                            .chain(() -> entries(tx, opened, started, totals, now));
                });
    }

    private Tuple row(long statementId, BankEntry e, Classified c) {
        boolean personal = c.kind() == EntryKind.UNKNOWN_CREDIT || c.kind() == EntryKind.UNKNOWN_DEBIT;
        byte[] counterparty = e.counterpartyName() == null && e.counterpartyAccount() == null ? null
                : personalData.encrypt(new JsonObject().put("name", e.counterpartyName())
                        .put("account", e.counterpartyAccount()).encode(), "bank_entry:" + e.bankReference());
        return Tuple.from(new Object[] { statementId, e.position(), e.direction().name(), e.amountFen(),
            e.valueDate(), e.reference(), e.bankReference(),
            personal ? Masking.name(e.counterpartyName()) : e.counterpartyName(),
            Masking.account(e.counterpartyAccount()), counterparty == null ? null : Buffer.buffer(counterparty),
            e.remittance(), e.returnReason(), c.kind().name(), c.channel() == null ? null : c.channel().name(),
            c.settledDate(), c.voucherNo() });
    }

    private Uni<Loaded> finish(SqlClient tx, Opened opened, Started started, Totals totals, String who,
            String reloadReason, Instant now) {
        long closing = opened.reader.closingFen();
        BankStatementHeader h = opened.header;
        byte[] sha = opened.sha256.digest();
        return statements.after(tx, h.account(), h.date())
                .invoke(following -> following.filter(f -> f.openingFen() != closing).ifPresent(f -> {
                    throw new ProblemException(ProblemCode.FUNDS_STATEMENT_INVALID, "The statement closes at "
                            + closing + " fen but the statement of " + f.bookingDate() + " opens at "
                            + f.openingFen() + " fen");
                }))
                .chain(() -> statements.finish(tx, started.id(), totals.count, totals.creditFen, totals.debitFen,
                        closing, sha))
                .chain(() -> audit.append(tx, now, who, reloadReason == null ? "FUNDS_STATEMENT_LOADED"
                        : "FUNDS_STATEMENT_RELOADED", "BANK_STATEMENT", h.account() + "/" + h.date(),
                        Map.of("generation", started.generation(), "entries", totals.count, "creditFen",
                                totals.creditFen, "debitFen", totals.debitFen, "closingFen", closing,
                                "reason", reloadReason == null ? "-" : reloadReason)))
                .chain(() -> statements.lock(tx, h.account(), h.date()))
                .map(s -> new Loaded(s.orElseThrow(), Map.copyOf(totals.counts)));
    }

    private static String formatName(Opened opened) {
        return opened.format.name();
    }

    /** A reader's failure as the caller's problem: where the file is wrong and why. */
    private static <T> T refusing(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (BankStatementException e) {
            throw new ProblemException(ProblemCode.FUNDS_STATEMENT_INVALID, "The statement is malformed at "
                    + e.location() + ": " + e.getMessage(),
                    List.of(new ProblemException.FieldError(e.location(), e.getMessage())));
        }
    }

    private static <T> Uni<T> onWorker(java.util.function.Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
