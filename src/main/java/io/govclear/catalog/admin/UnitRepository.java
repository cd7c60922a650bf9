package io.govclear.catalog.admin;

import io.govclear.catalog.UnitStatus;
import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The table collecting_unit as the administration writes it: create, edit, change status; each edit counts. */
@Singleton
public class UnitRepository {

    /** A unit as stored: its draft fields, status and edit count. */
    public record StoredUnit(long id, UnitDraft draft, UnitStatus status, int version, Instant createdAt,
            Instant updatedAt) {
    }

    private static final String SELECT = "SELECT id, code, name, region_code, allowed_channels, settlement_account,"
            + " webhook_url, status, version, created_at, updated_at FROM collecting_unit";

    @Inject Pool pool;

    public Uni<List<StoredUnit>> all() {
        return pool.preparedQuery(SELECT + " ORDER BY code").execute()
                .map(rows -> Rows.list(rows, UnitRepository::unit));
    }

    public Uni<Optional<StoredUnit>> find(SqlClient client, String code) {
        return client.preparedQuery(SELECT + " WHERE code = $1").execute(Tuple.of(code))
                .map(rows -> Rows.first(rows, UnitRepository::unit));
    }

    /** Inserts a new ACTIVE unit; empty when the code exists. */
    public Uni<Optional<Long>> insert(SqlClient tx, UnitDraft d, Instant at) {
        return tx.preparedQuery("INSERT INTO collecting_unit (code, name, region_code, allowed_channels,"
                        + " settlement_account, webhook_url, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
                        + " $7) ON CONFLICT (code) DO NOTHING RETURNING id")
                .execute(Tuple.from(new Object[] { d.code(), d.name(), d.regionCode(), channels(d.allowedChannels()),
                    d.settlementAccount(), d.webhookUrl(), Rows.at(at) }))
                .map(rows -> Rows.first(rows, r -> r.getLong(0)));
    }

    /** Replaces the unit's fields if it is still at {@code version}; false when it changed meanwhile. */
    public Uni<Boolean> update(SqlClient tx, UnitDraft d, int version, Instant at) {
        return tx.preparedQuery("UPDATE collecting_unit SET name = $2, region_code = $3, allowed_channels = $4,"
                        + " settlement_account = $5, webhook_url = $6, version = version + 1, updated_at = $7"
                        + " WHERE code = $1 AND version = $8")
                .execute(Tuple.from(new Object[] { d.code(), d.name(), d.regionCode(), channels(d.allowedChannels()),
                    d.settlementAccount(), d.webhookUrl(), Rows.at(at), version }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Moves the unit from {@code from} to {@code to} if it is still at {@code version}; false otherwise. */
    public Uni<Boolean> setStatus(SqlClient tx, String code, UnitStatus from, UnitStatus to, int version, Instant at) {
        return tx.preparedQuery("UPDATE collecting_unit SET status = $3, version = version + 1, updated_at = $4"
                        + " WHERE code = $1 AND status = $2 AND version = $5")
                .execute(Tuple.of(code, from.name(), to.name(), Rows.at(at), version))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Closes the unit if it is still at {@code version} and not closed; its id, or empty otherwise. */
    public Uni<Optional<Long>> close(SqlClient tx, String code, int version, Instant at) {
        return tx.preparedQuery("UPDATE collecting_unit SET status = 'CLOSED', version = version + 1, updated_at = $2"
                        + " WHERE code = $1 AND status <> 'CLOSED' AND version = $3 RETURNING id")
                .execute(Tuple.of(code, Rows.at(at), version))
                .map(rows -> Rows.first(rows, r -> r.getLong(0)));
    }

    static String channels(Set<Channel> channels) {
        return channels.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    private static StoredUnit unit(Row r) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        Arrays.stream(r.getString(4).split(",")).filter(c -> !c.isEmpty()).map(Channel::valueOf)
                .forEach(channels::add);
        return new StoredUnit(r.getLong(0), new UnitDraft(r.getString(1), r.getString(2), r.getString(3), channels,
                r.getString(5), r.getString(6)), UnitStatus.valueOf(r.getString(7)), r.getInteger(8),
                Rows.instant(r, 9), Rows.instant(r, 10));
    }
}
