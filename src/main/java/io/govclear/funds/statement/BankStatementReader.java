package io.govclear.funds.statement;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an agent bank's account statement one entry at a time, never the whole file in memory: {@link #open} reads
 * up to the header, {@link #next} gives each booked entry and, after the last, has checked that the opening balance
 * plus credits minus debits is the closing balance. Every problem is a {@link BankStatementException} saying where.
 */
public final class BankStatementReader implements AutoCloseable {

    /** One format's reading. */
    interface Source extends AutoCloseable {
        BankStatementHeader header();

        BankEntry next();

        long closing();

        @Override
        void close() throws IOException;
    }

    private final Source source;
    private boolean ended;

    private BankStatementReader(Source source) {
        this.source = source;
    }

    public static BankStatementReader open(InputStream in, BankStatementFormat format) {
        return new BankStatementReader(guarded(() -> format == BankStatementFormat.CSV ? new CsvSource(in)
                : new CamtSource(in)));
    }

    public BankStatementHeader header() {
        return source.header();
    }

    /** The next booked entry, or null after the last (when the closing balance has been checked). */
    public BankEntry next() {
        if (ended) {
            return null;
        }
        BankEntry e = guarded(source::next);
        ended = e == null;
        return e;
    }

    /** The closing balance, once {@link #next} has returned null. */
    public long closingFen() {
        if (!ended) {
            throw new IllegalStateException("the statement is not read to its end");
        }
        return source.closing();
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            // the caller closes the stream too
        }
    }

    private static <T> T guarded(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (BankStatementException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BankStatementException("?", "the statement cannot be read: " + e.getMessage(), e);
        }
    }
}
