package io.govclear.reconciliation.statement;

import io.agroal.api.AgroalDataSource;
import io.govclear.channel.Channel;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a statement file into statement_line: the channel's parser streams the file, each line goes straight into a
 * COPY through the JDBC driver (in chunks, never the whole file in memory), all in one JDBC transaction that first
 * removes the run's earlier lines. A parse error cancels the COPY and rolls back: a run never keeps part of a file.
 * Blocking: call it on a worker thread.
 */
@Singleton
public class StatementLoader {

    private static final String COPY = "COPY statement_line (run_id, line_no, kind, payment_id, channel_trade_no,"
            + " refund_id, amount_fen, fee_fen, completed_at) FROM STDIN (FORMAT csv)";
    private static final int CHUNK = 256 * 1024;

    @Inject AgroalDataSource dataSource;
    private final Map<Channel, StatementParser> parsers = new EnumMap<>(Channel.class);

    public StatementLoader(Instance<StatementParser> all) {
        all.forEach(parser -> parsers.put(parser.channel(), parser));
    }

    /** The parser for a channel's format, if this build has one. */
    public Optional<StatementParser> parser(Channel channel) {
        return Optional.ofNullable(parsers.get(channel));
    }

    /** Replaces the run's lines with the file's; returns the file's totals. */
    public StatementTotals load(long runId, Channel channel, Path file) throws IOException, SQLException {
        StatementParser parser = parser(channel)
                .orElseThrow(() -> new StatementFormatException(0, "no statement parser for " + channel));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM statement_line WHERE run_id = ?")) {
                    delete.setLong(1, runId);
                    delete.executeUpdate();
                }
                StatementTotals totals = copy(connection, runId, parser, file);
                try (PreparedStatement analyze = connection.prepareStatement("ANALYZE statement_line")) {
                    // fresh statistics (a sample, well under a second) so that matching plans for a million
                    // lines, not for the handful the table held before
                    analyze.execute();
                }
                connection.commit();
                return totals;
            } catch (IOException | SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static StatementTotals copy(Connection connection, long runId, StatementParser parser, Path file)
            throws IOException, SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try (InputStream in = Files.newInputStream(file)) {
            StringBuilder chunk = new StringBuilder(CHUNK + 1024);
            StatementTotals totals = parser.parse(in, line -> {
                row(chunk, runId, line);
                if (chunk.length() >= CHUNK) {
                    write(copy, chunk);
                }
            });
            write(copy, chunk);
            copy.endCopy();
            return totals;
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder chunk) {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        chunk.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into statement_line failed: " + e.getMessage(), e);
        }
    }

    private static void row(StringBuilder out, long runId, StatementLine line) {
        out.append(runId).append(',').append(line.lineNo()).append(',').append(line.kind().name()).append(',');
        quoted(out, line.paymentId()).append(',');
        quoted(out, line.channelTradeNo()).append(',');
        quoted(out, line.refundId()).append(',');
        out.append(line.amountFen()).append(',').append(line.feeFen()).append(',').append(line.completedAt())
                .append('\n');
    }

    /** A CSV field: null is empty (NULL to COPY), anything else quoted with quotes doubled. */
    private static StringBuilder quoted(StringBuilder out, String value) {
        return value == null ? out : out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
