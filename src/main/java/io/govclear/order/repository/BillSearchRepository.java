package io.govclear.order.repository;

import io.govclear.common.Keyset;
import io.govclear.common.Rows;
import io.govclear.common.SqlFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
    public record Criteria(String paymentCode, String unitOrderNo, Set<Long> unitIds, Long itemId, Set<String> statuses,
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

    private static final int STREAM_PAGE = 2000;

    @Inject Pool pool;

    /** One page of the bills that match, in {@code sort} order. */
    public Uni<List<Found>> search(Criteria criteria, Sort sort, int offset, int limit) {
        SqlFilter filter = filter(criteria);
        return query(filter, " ORDER BY " + sort.sql + " LIMIT " + filter.param(limit) + " OFFSET "
                + filter.param(offset));
    }

    /**
     * Every bill that matches, newest first, read {@value #STREAM_PAGE} at a time by keyset (the id of the last one
     * read), so an export of any size streams in flat memory and never runs one long query.
     */
    public Multi<List<Found>> stream(Criteria criteria) {
        return Keyset.pages(Long.MAX_VALUE, STREAM_PAGE, before -> {
            SqlFilter filter = filter(criteria).add("o.id < $", before);
            return query(filter, " ORDER BY o.id DESC LIMIT " + filter.param(STREAM_PAGE));
        }, Found::id);
    }

    private Uni<List<Found>> query(SqlFilter filter, String order) {
        String sql = "SELECT o.id, o.payment_code, o.unit_id, o.unit_order_no, o.status, o.principal_fen,"
                + " o.payer_name_masked, o.payer_id_masked, o.payer_phone_masked, o.created_at, o.paid_at, a.channel"
                + " FROM payment_order o LEFT JOIN payment_attempt a ON a.id = o.paid_attempt_id" + filter.where()
                + order;
        return pool.preparedQuery(sql).execute(filter.args())
                .map(rows -> Rows.list(rows, r -> new Found(r.getLong("id"), r.getString("payment_code"),
                        r.getLong("unit_id"), r.getString("unit_order_no"), r.getString("status"),
                        r.getLong("principal_fen"), r.getString("payer_name_masked"), r.getString("payer_id_masked"),
                        r.getString("payer_phone_masked"), Rows.instant(r, "created_at"), Rows.instant(r, "paid_at"),
                        r.getString("channel"))));
    }

    private static SqlFilter filter(Criteria criteria) {
        Set<Long> units = criteria.unitIds();
        return new SqlFilter()
                .add("o.payment_code = $", criteria.paymentCode())
                .add("o.unit_order_no = $", criteria.unitOrderNo())
                // one unit as an equality: the planner then uses the unit's indexes (with ANY of one it did not)
                .add("o.unit_id = $", units != null && units.size() == 1 ? units.iterator().next() : null)
                .add("o.unit_id = ANY($", units != null && units.size() != 1 ? units.toArray(Long[]::new) : null, ")")
                .add("EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id AND l.item_id = $",
                        criteria.itemId(), ")")
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
