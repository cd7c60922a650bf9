package io.govclear.settlement;

/**
 * The set-wise statements that build a batch inside one transaction: which payments and refunds it settles or holds,
 * how each is apportioned to the bill's items, and the lines per unit and item. Parameters: $1 batch id, $2 and $3
 * the business day [start, end) as instants; for the entries also $4 channel names and $5 their fee rates (bp).
 */
final class BuildSql {

    private BuildSql() {
    }

    /**
     * The reconciliation run of the candidate's channel and business date (of its {@code at}), joined as {@code r};
     * {@code run_ok}: it completed (for an amount carried from an earlier day: before the end of this day).
     */
    private static String runJoin(String at) {
        return " LEFT JOIN reconciliation_run r ON r.channel = c.channel"
                + " AND r.business_date = (c." + at + " AT TIME ZONE 'Asia/Shanghai')::date";
    }

    private static final String RUN_OK =
            "coalesce(r.status = 'COMPLETED' AND (NOT c.carried OR r.finished_at < $3), false) AS run_ok";

    /**
     * Payments: the day's successes that are not duplicates (those are owed to the payer, not the unit), and those
     * held by an earlier batch; settled when the run of their channel and day completed and no discrepancy on them is
     * unresolved (one carried from an earlier day also needs its resolution before this day's end), held otherwise.
     */
    static final String PAYMENT_ENTRIES = """
            WITH rates AS (SELECT * FROM unnest($4::text[], $5::int[]) AS x(channel, bp)),
            cand AS (
                SELECT a.id, a.payment_id, a.channel, a.amount_fen, a.paid_at, false AS carried
                FROM payment_attempt a
                WHERE a.status = 'SUCCEEDED' AND NOT a.duplicate AND a.paid_at >= $2 AND a.paid_at < $3
                  AND NOT EXISTS (SELECT 1 FROM settlement_entry s
                                  WHERE s.kind = 'PAYMENT' AND s.source_id = a.id AND NOT s.held)
                UNION ALL
                SELECT a.id, a.payment_id, a.channel, a.amount_fen, a.paid_at, true
                FROM payment_attempt a
                WHERE a.id IN (SELECT h.source_id FROM settlement_entry h WHERE h.kind = 'PAYMENT' AND h.held)
                  AND a.paid_at < $2 AND a.status = 'SUCCEEDED' AND NOT a.duplicate
                  AND NOT EXISTS (SELECT 1 FROM settlement_entry s
                                  WHERE s.kind = 'PAYMENT' AND s.source_id = a.id AND NOT s.held)
            ),
            unresolved AS (SELECT DISTINCT payment_id FROM discrepancy
                           WHERE status IN ('OPEN', 'PENDING_NEXT_DAY', 'SUSPENSE')),
            resolved_later AS (SELECT DISTINCT payment_id FROM discrepancy
                               WHERE status <> 'SUPERSEDED' AND resolved_at >= $3),
            judged AS (
                SELECT c.*, %s,
                       u.payment_id IS NOT NULL OR (c.carried AND l.payment_id IS NOT NULL) AS disputed
                FROM cand c%s
                LEFT JOIN unresolved u ON u.payment_id = c.payment_id
                LEFT JOIN resolved_later l ON l.payment_id = c.payment_id
            )
            INSERT INTO settlement_entry (batch_id, kind, source_id, channel, amount_fen, fee_fen, held, hold_reason,
                                          carried_in)
            SELECT $1, 'PAYMENT', j.id, j.channel, j.amount_fen, (j.amount_fen * coalesce(x.bp, 0) + 5000) / 10000,
                   NOT j.run_ok OR j.disputed,
                   CASE WHEN NOT j.run_ok THEN 'RUN_MISSING' WHEN j.disputed THEN 'DISCREPANCY' END,
                   j.carried
            FROM judged j LEFT JOIN rates x ON x.channel = j.channel""".formatted(RUN_OK, runJoin("paid_at"));

    /**
     * Refunds to payers of bills (a duplicate payment's refund never was the unit's money): the day's and those held
     * earlier; settled when their channel's run of their day completed, held otherwise. No fee comes back with a
     * refund.
     */
    static final String REFUND_ENTRIES = """
            WITH cand AS (
                SELECT f.id, f.channel, f.amount_fen, f.succeeded_at, false AS carried
                FROM refund f
                WHERE f.status = 'SUCCEEDED' AND f.kind = 'UNIT' AND f.succeeded_at >= $2 AND f.succeeded_at < $3
                  AND NOT EXISTS (SELECT 1 FROM settlement_entry s
                                  WHERE s.kind = 'REFUND' AND s.source_id = f.id AND NOT s.held)
                UNION ALL
                SELECT f.id, f.channel, f.amount_fen, f.succeeded_at, true
                FROM refund f
                WHERE f.id IN (SELECT h.source_id FROM settlement_entry h WHERE h.kind = 'REFUND' AND h.held)
                  AND f.succeeded_at < $2
                  AND NOT EXISTS (SELECT 1 FROM settlement_entry s
                                  WHERE s.kind = 'REFUND' AND s.source_id = f.id AND NOT s.held)
            ),
            judged AS (SELECT c.*, %s FROM cand c%s)
            INSERT INTO settlement_entry (batch_id, kind, source_id, channel, amount_fen, fee_fen, held, hold_reason,
                                          carried_in)
            SELECT $1, 'REFUND', j.id, j.channel, j.amount_fen, 0, NOT j.run_ok,
                   CASE WHEN NOT j.run_ok THEN 'RUN_MISSING' END, j.carried
            FROM judged j""".formatted(RUN_OK, runJoin("succeeded_at"));

    /**
     * Each settled payment and refund apportioned to its bill's lines by line amount: every part is the floor of its
     * share, and the first line (lowest line number) takes what is left, so the parts sum to the whole. Amount, late
     * fee and channel fee are apportioned alike (a late fee follows its principal's item and destination). Summed per
     * item and channel into a temporary table dropped at commit.
     */
    static final String PARTS = """
            CREATE TEMP TABLE settle_parts ON COMMIT DROP AS
            WITH src AS (
                SELECT e.kind, e.source_id, e.channel, a.order_id, e.amount_fen AS gross, a.late_fee_fen AS late,
                       0::bigint AS refund, e.fee_fen AS fee
                FROM settlement_entry e JOIN payment_attempt a ON a.id = e.source_id
                WHERE e.batch_id = $1 AND e.kind = 'PAYMENT' AND NOT e.held
                UNION ALL
                SELECT e.kind, e.source_id, e.channel, f.order_id, 0, 0, e.amount_fen, 0
                FROM settlement_entry e JOIN refund f ON f.id = e.source_id
                WHERE e.batch_id = $1 AND e.kind = 'REFUND' AND NOT e.held
            ),
            shares AS (
                SELECT s.*, ol.item_id, ol.line_no,
                       ol.line_no = min(ol.line_no) OVER w AS is_first,
                       s.gross * ol.amount_fen / (sum(ol.amount_fen) OVER w)::bigint AS g,
                       s.late * ol.amount_fen / (sum(ol.amount_fen) OVER w)::bigint AS l,
                       s.refund * ol.amount_fen / (sum(ol.amount_fen) OVER w)::bigint AS r,
                       s.fee * ol.amount_fen / (sum(ol.amount_fen) OVER w)::bigint AS f
                FROM src s JOIN order_line ol ON ol.order_id = s.order_id
                WINDOW w AS (PARTITION BY s.kind, s.source_id)
            ),
            parts AS (
                SELECT item_id, channel,
                       g + CASE WHEN is_first THEN gross - sum(g) OVER w ELSE 0 END AS gross,
                       l + CASE WHEN is_first THEN late - sum(l) OVER w ELSE 0 END AS late,
                       r + CASE WHEN is_first THEN refund - sum(r) OVER w ELSE 0 END AS refund,
                       f + CASE WHEN is_first THEN fee - sum(f) OVER w ELSE 0 END AS fee
                FROM shares
                WINDOW w AS (PARTITION BY kind, source_id)
            )
            SELECT item_id, channel, sum(gross)::bigint AS gross, sum(late)::bigint AS late,
                   sum(refund)::bigint AS refund, sum(fee)::bigint AS fee
            FROM parts GROUP BY item_id, channel""";

    /** One line per unit and item; the fee is deducted from the net only for items whose catalog entry says so. */
    static final String LINES = """
            INSERT INTO settlement_line (batch_id, unit_id, item_id, gross_fen, late_fee_fen, refund_fen, fee_fen,
                                         fee_deducted, net_fen)
            SELECT $1, ci.unit_id, p.item_id, sum(p.gross), sum(p.late), sum(p.refund), sum(p.fee), ci.fee_deducted,
                   sum(p.gross) - sum(p.refund) - CASE WHEN ci.fee_deducted THEN sum(p.fee) ELSE 0 END
            FROM settle_parts p JOIN charge_item ci ON ci.id = p.item_id
            GROUP BY ci.unit_id, p.item_id, ci.fee_deducted""";

    /** The fees per unit and channel, and the part of them deducted from the unit. */
    static final String FEES = """
            INSERT INTO settlement_fee (batch_id, unit_id, channel, fee_fen, deducted_fen)
            SELECT $1, ci.unit_id, p.channel, sum(p.fee), sum(CASE WHEN ci.fee_deducted THEN p.fee ELSE 0 END)
            FROM settle_parts p JOIN charge_item ci ON ci.id = p.item_id
            GROUP BY ci.unit_id, p.channel
            HAVING sum(p.fee) > 0""";

    /** The batch's totals from its lines and entries. */
    static final String TOTALS = """
            UPDATE settlement_batch b SET
                gross_fen = l.gross, refund_fen = l.refund, fee_fen = l.fee, fee_deducted_fen = l.deducted,
                net_fen = l.net, held_fen = e.held, held_refund_fen = e.held_refund, carried_in_fen = e.carried
            FROM (SELECT coalesce(sum(gross_fen), 0) AS gross, coalesce(sum(refund_fen), 0) AS refund,
                         coalesce(sum(fee_fen), 0) AS fee,
                         coalesce(sum(fee_fen) FILTER (WHERE fee_deducted), 0) AS deducted,
                         coalesce(sum(net_fen), 0) AS net
                  FROM settlement_line WHERE batch_id = $1) l,
                 (SELECT coalesce(sum(amount_fen) FILTER (WHERE kind = 'PAYMENT' AND held), 0) AS held,
                         coalesce(sum(amount_fen) FILTER (WHERE kind = 'REFUND' AND held), 0) AS held_refund,
                         coalesce(sum(amount_fen) FILTER (WHERE kind = 'PAYMENT' AND carried_in AND NOT held), 0)
                             AS carried
                  FROM settlement_entry WHERE batch_id = $1) e
            WHERE b.id = $1""";
}
