package io.govclear.ledger;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way money moves in the books. Every posting is balanced (checked here, and again by the database at
 * commit) and written on the caller's connection, so it commits or rolls back with the state change that caused it.
 */
@ApplicationScoped
public class LedgerService {

    private static final String POST = """
            WITH e AS (
                INSERT INTO journal_entry (idempotency_key, entry_type, business_date, reference, description, posted_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING id
            )
            INSERT INTO journal_line (entry_id, line_no, account, debit_fen, credit_fen)
            SELECT e.id, x.n, x.account, x.debit, x.credit
            FROM e, unnest($7::smallint[], $8::text[], $9::bigint[], $10::bigint[]) AS x(n, account, debit, credit)
            RETURNING entry_id""";

    private final Pool pool;

    public LedgerService(Pool pool) {
        this.pool = pool;
    }

    /**
     * Posts an entry on {@code tx} (a connection inside the caller's transaction). Emits true when posted, false when
     * an entry with the same idempotency key exists already (nothing is written then).
     */
    public Uni<Boolean> post(SqlClient tx, Posting posting, Instant at) {
        return tx.preparedQuery(POST).execute(tuple(posting, at)).map(rows -> rows.rowCount() > 0);
    }

    /**
     * Posts many entries on {@code tx} in one pipelined batch (one round trip, not one per entry); an entry whose key
     * exists already is skipped, as {@link #post} does.
     */
    public Uni<Void> postAll(SqlClient tx, List<Posting> postings, Instant at) {
        if (postings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = new ArrayList<>(postings.size());
        postings.forEach(p -> tuples.add(tuple(p, at)));
        return tx.preparedQuery(POST).executeBatch(tuples).replaceWithVoid();
    }

    private static Tuple tuple(Posting posting, Instant at) {
        int n = posting.legs().size();
        Short[] lineNos = new Short[n];
        String[] accounts = new String[n];
        Long[] debits = new Long[n];
        Long[] credits = new Long[n];
        for (int i = 0; i < n; i++) {
            Posting.Leg leg = posting.legs().get(i);
            lineNos[i] = (short) (i + 1);
            accounts[i] = leg.account();
            debits[i] = leg.debitFen();
            credits[i] = leg.creditFen();
        }
        return Tuple.from(new Object[] { posting.idempotencyKey(), posting.entryType(), posting.businessDate(),
            posting.reference(), posting.description(), Rows.at(at), lineNos, accounts, debits, credits });
    }

    /**
     * Posts the exact reversal of the entry {@code originalKey} on {@code tx}: every leg with debit and credit
     * swapped, under its own key. Emits true when posted, false when the reversal exists already; fails when the
     * original does not exist.
     */
    public Uni<Boolean> reverse(SqlClient tx, String originalKey, String reversalKey, String entryType,
            LocalDate businessDate, String description, Instant at) {
        return tx.preparedQuery("""
                        SELECT e.reference, l.account, l.debit_fen, l.credit_fen
                        FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id
                        WHERE e.idempotency_key = $1 ORDER BY l.line_no""")
                .execute(Tuple.of(originalKey))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(
                                new IllegalStateException("no journal entry " + originalKey + " to reverse"));
                    }
                    Posting.Builder reversal = null;
                    for (Row r : rows) {
                        if (reversal == null) {
                            reversal = Posting.builder(reversalKey, entryType, businessDate, r.getString("reference"),
                                    description);
                        }
                        long debit = r.getLong("debit_fen");
                        if (debit > 0) {
                            reversal.credit(r.getString("account"), debit);
                        } else {
                            reversal.debit(r.getString("account"), r.getLong("credit_fen"));
                        }
                    }
                    return post(tx, reversal.build(), at);
                });
    }

    /** Every entry's debits and credits summed (fen): equal when the trial balance is zero. */
    public record Totals(long debitFen, long creditFen) {
    }

    /** The whole journal's totals, without the per-account detail of {@link #trialBalance} (one scan, no join). */
    public Uni<Totals> totals() {
        return pool.query("SELECT coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0) FROM journal_line")
                .execute().map(rows -> {
                    Row r = rows.iterator().next();
                    return new Totals(r.getLong(0), r.getLong(1));
                });
    }

    /** Totals per account of every entry up to and including {@code date}. */
    public Uni<TrialBalance> trialBalance(LocalDate date) {
        return pool.preparedQuery("""
                        SELECT l.account, sum(l.debit_fen) AS debit, sum(l.credit_fen) AS credit
                        FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                        WHERE e.business_date <= $1
                        GROUP BY l.account ORDER BY l.account""")
                .execute(Tuple.of(date))
                .map(rows -> {
                    List<TrialBalance.AccountTotals> accounts = new ArrayList<>();
                    long debit = 0;
                    long credit = 0;
                    for (Row r : rows) {
                        long d = r.getLong("debit");
                        long c = r.getLong("credit");
                        accounts.add(new TrialBalance.AccountTotals(r.getString("account"), d, c));
                        debit += d;
                        credit += c;
                    }
                    return new TrialBalance(date, accounts, debit, credit, debit == credit);
                });
    }

    /** The entries and lines that reference one business object (a payment id, a payment code). */
    public Uni<List<Posting>> history(String reference) {
        return pool.preparedQuery("""
                        SELECT e.idempotency_key, e.entry_type, e.business_date, e.reference, e.description,
                               l.account, l.debit_fen, l.credit_fen
                        FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id
                        WHERE e.reference = $1 ORDER BY e.id, l.line_no""")
                .execute(Tuple.of(reference))
                .map(rows -> {
                    List<Posting> postings = new ArrayList<>();
                    String key = null;
                    Posting.Builder builder = null;
                    for (Row r : rows) {
                        if (!r.getString("idempotency_key").equals(key)) {
                            if (builder != null) {
                                postings.add(builder.build());
                            }
                            key = r.getString("idempotency_key");
                            builder = Posting.builder(key, r.getString("entry_type"), r.getLocalDate("business_date"),
                                    r.getString("reference"), r.getString("description"));
                        }
                        long d = r.getLong("debit_fen");
                        if (d > 0) {
                            builder.debit(r.getString("account"), d);
                        } else {
                            builder.credit(r.getString("account"), r.getLong("credit_fen"));
                        }
                    }
                    if (builder != null) {
                        postings.add(builder.build());
                    }
                    return postings;
                });
    }
}
