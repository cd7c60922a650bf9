package io.govclear.payment.routing;

import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The table channel_maintenance (V26): the channels' maintenance windows, cancelled ones included. */
@Singleton
public class MaintenanceRepository {

    private static final String COLUMNS = "id, channel, starts_at, ends_at, note, created_by, reason, created_at,"
            + " cancelled_by, cancelled_at, cancel_reason";

    /** A new window; empty when the channel has this very window (same start and end) and it is not cancelled. */
    public Uni<Optional<MaintenanceWindow>> insert(SqlClient tx, Channel channel, Instant startsAt, Instant endsAt,
            String note, String by, String reason, Instant at) {
        return tx.preparedQuery("INSERT INTO channel_maintenance (channel, starts_at, ends_at, note, created_by,"
                        + " reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                        + " ON CONFLICT (channel, starts_at, ends_at) WHERE cancelled_at IS NULL DO NOTHING"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] { channel.name(), Rows.at(startsAt), Rows.at(endsAt), note, by,
                    reason, Rows.at(at) }))
                .map(rows -> Rows.first(rows, MaintenanceRepository::window));
    }

    public Uni<Optional<MaintenanceWindow>> lock(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM channel_maintenance WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, MaintenanceRepository::window));
    }

    /** Cancels a window that is not cancelled yet; the window as it is then. */
    public Uni<MaintenanceWindow> cancel(SqlClient tx, long id, String by, String reason, Instant at) {
        return tx.preparedQuery("UPDATE channel_maintenance SET cancelled_by = $2, cancel_reason = $3,"
                        + " cancelled_at = $4 WHERE id = $1 AND cancelled_at IS NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(id, by, reason, Rows.at(at)))
                .map(rows -> Rows.first(rows, MaintenanceRepository::window).orElseThrow());
    }

    /** The windows not cancelled that end after {@code after}, by start: what routing needs. */
    public Uni<List<MaintenanceWindow>> live(SqlClient client, Instant after) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM channel_maintenance"
                        + " WHERE cancelled_at IS NULL AND ends_at > $1 ORDER BY starts_at, id")
                .execute(Tuple.of(Rows.at(after)))
                .map(rows -> Rows.list(rows, MaintenanceRepository::window));
    }

    /** Every window that ends after {@code after}, cancelled ones too, by start: what the channels page lists. */
    public Uni<List<MaintenanceWindow>> endingAfter(SqlClient client, Instant after) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM channel_maintenance WHERE ends_at > $1"
                        + " ORDER BY starts_at, id")
                .execute(Tuple.of(Rows.at(after)))
                .map(rows -> Rows.list(rows, MaintenanceRepository::window));
    }

    private static MaintenanceWindow window(Row r) {
        return new MaintenanceWindow(r.getLong(0), Channel.valueOf(r.getString(1)), Rows.instant(r, 2),
                Rows.instant(r, 3), r.getString(4), r.getString(5), r.getString(6), Rows.instant(r, 7),
                r.getString(8), Rows.instant(r, 9), r.getString(10));
    }
}
