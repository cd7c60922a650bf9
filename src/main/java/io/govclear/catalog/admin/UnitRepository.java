package io.govclear.catalog.admin;

import io.govclear.catalog.UnitStatus;
import io.govclear.channel.Channel;
import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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

    /** A page of units, by code: those whose code or name holds {@code text} (any case), or all when it is null. */
    public Uni<Page> page(String text, int offset, int limit) {
        String like = text == null ? null
                : "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return pool.preparedQuery(SELECT.replace(" FROM", ", count(*) OVER () FROM")
                        + " WHERE $1::text IS NULL OR code ILIKE $1 OR name ILIKE $1 ORDER BY code LIMIT $2 OFFSET $3")
                .execute(Tuple.of(like, limit, offset))
                .map(rows -> {
                    List<StoredUnit> units = Rows.list(rows, UnitRepository::unit);
                    long total = rows.size() == 0 ? 0 : rows.iterator().next().getLong(11);
                    return new Page(units, total);
                });
    }

    /** Some units and how many match in all. */
    public record Page(List<StoredUnit> units, long total) {
    }

    public Uni<Optional<StoredUnit>> find(SqlClient client, String code) {
        return client.preparedQuery(SELECT + " WHERE code = $1").execute(Tuple.of(code))
                .map(rows -> Rows.first(rows, UnitRepository::unit));
    }

    private static final String INSERT = "INSERT INTO collecting_unit (code, name, region_code, allowed_channels,"
            + " settlement_account, webhook_url, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"
            + " ON CONFLICT (code) DO NOTHING RETURNING id";
    private static final String UPDATE = "UPDATE collecting_unit SET name = $2, region_code = $3, allowed_channels = $4,"
            + " settlement_account = $5, webhook_url = $6, version = version + 1, updated_at = $7"
            + " WHERE code = $1 AND version = $8";

    /** The units of those codes that exist, by code. */
    public Uni<Map<String, StoredUnit>> byCodes(SqlClient client, Collection<String> codes) {
        return client.preparedQuery(SELECT + " WHERE code = ANY($1)").execute(Tuple.of(codes.toArray(String[]::new)))
                .map(rows -> Rows.list(rows, UnitRepository::unit).stream()
                        .collect(Collectors.toMap(u -> u.draft().code(), u -> u)));
    }

    /** Inserts a new ACTIVE unit; empty when the code exists. */
    public Uni<Optional<Long>> insert(SqlClient tx, UnitDraft d, Instant at) {
        return tx.preparedQuery(INSERT).execute(insertion(d, at)).map(rows -> Rows.first(rows, r -> r.getLong(0)));
    }

    /**
     * Inserts new ACTIVE units in one pipelined batch; the position of the first whose code exists, or -1 when every
     * one was inserted.
     */
    public Uni<Integer> insertAll(SqlClient tx, List<UnitDraft> drafts, Instant at) {
        return drafts.isEmpty() ? Uni.createFrom().item(-1)
                : tx.preparedQuery(INSERT).executeBatch(drafts.stream().map(d -> insertion(d, at)).toList())
                        .map(UnitRepository::firstMissed);
    }

    /** Replaces the unit's fields if it is still at {@code version}; false when it changed meanwhile. */
    public Uni<Boolean> update(SqlClient tx, UnitDraft d, int version, Instant at) {
        return tx.preparedQuery(UPDATE).execute(replacement(d, version, at)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Replaces the fields of units in one pipelined batch, each if still at its version ({@code versions}, in the same
     * order); the position of the first that changed meanwhile, or -1 when every one was replaced.
     */
    public Uni<Integer> updateAll(SqlClient tx, List<UnitDraft> drafts, List<Integer> versions, Instant at) {
        List<Tuple> batch = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            batch.add(replacement(drafts.get(i), versions.get(i), at));
        }
        return batch.isEmpty() ? Uni.createFrom().item(-1)
                : tx.preparedQuery(UPDATE).executeBatch(batch).map(UnitRepository::firstMissed);
    }

    /** The position in a batch's results of the first statement that changed no row, or -1. */
    static int firstMissed(RowSet<Row> results) {
        int i = 0;
        for (RowSet<Row> r = results; r != null; r = r.next(), i++) {
            if (r.rowCount() == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Tuple insertion(UnitDraft d, Instant at) {
        return Tuple.from(new Object[] { d.code(), d.name(), d.regionCode(), channels(d.allowedChannels()),
            d.settlementAccount(), d.webhookUrl(), Rows.at(at) });
    }

    private static Tuple replacement(UnitDraft d, int version, Instant at) {
        return Tuple.from(new Object[] { d.code(), d.name(), d.regionCode(), channels(d.allowedChannels()),
            d.settlementAccount(), d.webhookUrl(), Rows.at(at), version });
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
