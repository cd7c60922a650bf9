package io.govclear.catalog.admin;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The table charge_item as the administration writes it: one row per version of an item's standard. */
@Singleton
public class ItemRepository {

    private static final String INSERT_VERSION = """
            INSERT INTO charge_item (unit_id, code, name, category, amount_standard, fixed_amount_fen,
                min_amount_fen, max_amount_fen, late_fee_rule, late_fee_bp_per_day, late_fee_capped,
                destination, income_classification, share_central_bp, share_province_bp, share_city_bp,
                share_county_bp, share_unit_bp, version_no, effective_from, created_at, created_by)
            SELECT u.id, $2::varchar, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                   coalesce((SELECT max(version_no) FROM charge_item WHERE unit_id = u.id AND code = $2::varchar), 0)
                   + 1, $19, $20, $21
            FROM collecting_unit u WHERE u.code = $1
            ON CONFLICT DO NOTHING
            RETURNING version_no""";

    /**
     * Adds the next version of the unit's item (version 1 of a new one), in force from the draft's date; empty when
     * the unit does not exist or a version from that date does.
     */
    public Uni<Optional<Integer>> insertVersion(SqlClient tx, ItemDraft d, String by, Instant at) {
        return tx.preparedQuery(INSERT_VERSION).execute(version(d, by, at))
                .map(rows -> Rows.first(rows, r -> r.getInteger(0)));
    }

    /**
     * Adds many versions in one pipelined batch, each as {@link #insertVersion} adds one (a later version of the same
     * item in the batch sees the earlier); the position of the first not added, or -1 when every one was.
     */
    public Uni<Integer> insertVersions(SqlClient tx, List<ItemDraft> drafts, String by, Instant at) {
        return drafts.isEmpty() ? Uni.createFrom().item(-1)
                : tx.preparedQuery(INSERT_VERSION).executeBatch(drafts.stream().map(d -> version(d, by, at)).toList())
                        .map(UnitRepository::firstMissed);
    }

    /** The versions the units of those codes have (unit code, item code, effective date). */
    public Uni<Set<ImportPlan.VersionKey>> versionsOf(SqlClient client, Collection<String> unitCodes) {
        return client.preparedQuery("SELECT u.code, i.code, i.effective_from FROM charge_item i"
                        + " JOIN collecting_unit u ON u.id = i.unit_id WHERE u.code = ANY($1)")
                .execute(Tuple.of(unitCodes.toArray(String[]::new)))
                .map(rows -> Rows.list(rows, r -> new ImportPlan.VersionKey(r.getString(0), r.getString(1),
                        r.getLocalDate(2))).stream().collect(Collectors.toSet()));
    }

    private static Tuple version(ItemDraft d, String by, Instant at) {
        return Tuple.from(new Object[] { d.unitCode(), d.code(), d.name(), d.category().name(),
            d.amountStandard().name(), d.fixedAmountFen(), d.minAmountFen(), d.maxAmountFen(), d.lateFeeRule().name(),
            d.lateFeeBpPerDay(), d.lateFeeCapped(), d.destination().name(), d.incomeClassification(),
            d.shareCentralBp(), d.shareProvinceBp(), d.shareCityBp(), d.shareCountyBp(), d.shareUnitBp(),
            d.effectiveFrom(), Rows.at(at), by });
    }

    /** Whether the unit has a version of the item from that date already. */
    public Uni<Boolean> versionFrom(SqlClient client, ItemDraft d) {
        return client.preparedQuery("SELECT 1 FROM charge_item i JOIN collecting_unit u ON u.id = i.unit_id"
                        + " WHERE u.code = $1 AND i.code = $2 AND i.effective_from = $3")
                .execute(Tuple.of(d.unitCode(), d.code(), d.effectiveFrom()))
                .map(rows -> rows.size() > 0);
    }
}
