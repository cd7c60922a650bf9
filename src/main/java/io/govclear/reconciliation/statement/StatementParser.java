package io.govclear.reconciliation.statement;

import io.govclear.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads one channel's statement format, streaming: each line is handed to the sink as soon as it is read, so a file
 * of a million lines is never held in memory. Checks everything the format lets it check (layout, each field, the
 * file's own totals) and throws {@link StatementFormatException} with the line number on the first problem; the
 * caller then discards whatever the sink received. One implementation per format: UnionPay's fixed-width file and the
 * banks' day-end file plug in as further beans.
 */
public interface StatementParser {

    /** The channel whose statements this parser reads. */
    Channel channel();

    /** Parses the whole file; returns the totals of the lines handed to the sink (checked against the file's own). */
    StatementTotals parse(InputStream file, Consumer<StatementLine> sink) throws IOException;
}
