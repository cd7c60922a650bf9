package io.govclear.order.repository;

import io.govclear.common.Cursors;
import io.govclear.common.Rows;
import io.govclear.common.SqlFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Finance staff's search over every bill (the console's bill list): any combination of payment code, unit order
 * number, units, item, status, channel of the payment, issue and payment time ranges, amount range, and a payer by
 * the keyed hash of their ID number or phone. Personal data comes out masked only.
 */
@Singleton
public class BillSearchRepository {

    /** What to look for; null (or empty) fields match everything. {@code unitIds} null means every unit. */
    public record Criteria(String paymentCode, String unitOrderNo, Set<Long> unitIds, Set<Long> itemIds,
            Set<String> statuses,
            String channel, Instant issuedFrom, Instant issuedTo, Instant paidFrom, Instant paidTo, Long minFen,
            Long maxFen, byte[] payerIdHash, byte[] payerPhoneHash) {
    }

    /** How to order the list. */
    public enum Sort {
        NEWEST("o.created_at DESC, o.id DESC"), OLDEST("o.created_at, o.id"),
        LARGEST("o.principal_fen DESC, o.id DESC"), SMALLEST("o.principal_fen, o.id");

        private final String sql;

        Sort(String sql) {
            this.sql = sql;
        }
    }

    /** A bill as the list shows it. */
    public record Found(long id, String paymentCode, long unitId, String unitOrderNo, String status, long principalFen,
            String payerNameMasked, String payerIdMasked, String payerPhoneMasked, Instant createdAt, Instant paidAt,
            String channel) {
    }

    private static final int STREAM_PAGE = 5000;
    private static final String SELECT = "SELECT o.id, o.payment_code, o.unit_id, o.unit_order_no, o.status,"
            + " o.principal_fen, o.payer_name_masked, o.payer_id_masked, o.payer_phone_masked, o.created_at, o.paid_at,"
            + " a.channel FROM payment_order o LEFT JOIN payment_attempt a ON a.id = o.paid_attempt_id";

    @Inject Pool pool;

    /** One page of the bills that match, in {@code sort} order. */
    public Uni<List<Found>> search(Criteria criteria, Sort sort, int offset, int limit) {
        SqlFilter filter = filter(criteria);
        return query(filter, " ORDER BY " + sort.sql + " LIMIT " + filter.param(limit) + " OFFSET "
                + filter.param(offset));
    }

    /**
     * Every bill that matches, newest first, through one cursor {@value #STREAM_PAGE} at a time, so an export of any
     * size streams in flat memory from one snapshot.
     */
    public Multi<List<Found>> stream(Criteria criteria) {
        SqlFilter filter = filter(criteria);
        return Cursors.pages(pool, SELECT + filter.where() + " ORDER BY o.id DESC", filter.args(), STREAM_PAGE,
                BillSearchRepository::found);
    }

    private Uni<List<Found>> query(SqlFilter filter, String order) {
        return pool.preparedQuery(SELECT + filter.where() + order).execute(filter.args())
                .map(rows -> Rows.list(rows, BillSearchRepository::found));
    }

    /** A row of {@link #SELECT}, by position (an export reads a million). */
    private static Found found(Row r) {
        return new Found(r.getLong(0), r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getLong(5),
                r.getString(6), r.getString(7), r.getString(8), Rows.instant(r, 9), Rows.instant(r, 10),
                r.getString(11));
    }

    private static SqlFilter filter(Criteria criteria) {
        Set<Long> units = criteria.unitIds();
        return new SqlFilter()
                .add("o.payment_code = $", criteria.paymentCode())
                .add("o.unit_order_no = $", criteria.unitOrderNo())
                // one unit as an equality: the planner then uses the unit's indexes (with ANY of one it did not)
                .add("o.unit_id = $", units != null && units.size() == 1 ? units.iterator().next() : null)
                .add("o.unit_id = ANY($", units != null && units.size() != 1 ? units.toArray(Long[]::new) : null, ")")
                .add("EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id AND l.item_id = ANY($",
                        criteria.itemIds() == null ? null : criteria.itemIds().toArray(Long[]::new), "))")
                .add("o.status = ANY($", criteria.statuses() == null || criteria.statuses().isEmpty() ? null
                        : criteria.statuses().toArray(String[]::new), ")")
                .add("a.channel = $", criteria.channel())
                .add("o.created_at >= $", Rows.at(criteria.issuedFrom()))
                .add("o.created_at < $", Rows.at(criteria.issuedTo()))
                .add("o.paid_at >= $", Rows.at(criteria.paidFrom()))
                .add("o.paid_at < $", Rows.at(criteria.paidTo()))
                .add("o.principal_fen >= $", criteria.minFen())
                .add("o.principal_fen <= $", criteria.maxFen())
                .add("o.payer_id_hash = $", criteria.payerIdHash())
                .add("o.payer_phone_hash = $", criteria.payerPhoneHash());
    }
}
