package io.govclear.catalog.admin;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

/** The table charge_item as the administration writes it: one row per version of an item's standard. */
@Singleton
public class ItemRepository {

    @Inject Pool pool;

    /**
     * Adds the next version of the unit's item (version 1 of a new one), in force from the draft's date; empty when
     * the unit does not exist or a version from that date does.
     */
    public Uni<Optional<Integer>> insertVersion(SqlClient tx, ItemDraft d, String by, Instant at) {
        return tx.preparedQuery("""
                        INSERT INTO charge_item (unit_id, code, name, category, amount_standard, fixed_amount_fen,
                            min_amount_fen, max_amount_fen, late_fee_rule, late_fee_bp_per_day, late_fee_capped,
                            destination, income_classification, share_central_bp, share_province_bp, share_city_bp,
                            share_county_bp, share_unit_bp, version_no, effective_from, created_at, created_by)
                        SELECT u.id, $2::varchar, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                               coalesce((SELECT max(version_no) FROM charge_item WHERE unit_id = u.id AND code = $2::varchar), 0)
                               + 1, $19, $20, $21
                        FROM collecting_unit u WHERE u.code = $1
                        ON CONFLICT DO NOTHING
                        RETURNING version_no""")
                .execute(Tuple.from(new Object[] { d.unitCode(), d.code(), d.name(), d.category().name(),
                    d.amountStandard().name(), d.fixedAmountFen(), d.minAmountFen(), d.maxAmountFen(),
                    d.lateFeeRule().name(), d.lateFeeBpPerDay(), d.lateFeeCapped(), d.destination().name(),
                    d.incomeClassification(), d.shareCentralBp(), d.shareProvinceBp(), d.shareCityBp(),
                    d.shareCountyBp(), d.shareUnitBp(), d.effectiveFrom(), Rows.at(at), by }))
                .map(rows -> Rows.first(rows, r -> r.getInteger(0)));
    }

    /** Whether the unit has a version of the item from that date already. */
    public Uni<Boolean> versionFrom(SqlClient client, ItemDraft d) {
        return client.preparedQuery("SELECT 1 FROM charge_item i JOIN collecting_unit u ON u.id = i.unit_id"
                        + " WHERE u.code = $1 AND i.code = $2 AND i.effective_from = $3")
                .execute(Tuple.of(d.unitCode(), d.code(), d.effectiveFrom()))
                .map(rows -> rows.size() > 0);
    }
}
