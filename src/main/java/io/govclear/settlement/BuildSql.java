package io.govclear.settlement;

import io.govclear.common.Clocks;

/**
 * The set-wise statements that build a batch inside one transaction: which payments and refunds it settles or holds,
 * how each is apportioned to the bill's items, and the lines per unit and item. The candidates and the parts are
 * temporary tables dropped at commit; every statement after {@link #CANDIDATES} takes the batch id as $1.
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
                + " AND r.business_date = (c." + at + " AT TIME ZONE '" + Clocks.BUSINESS_ZONE_ID + "')::date";
    }

    private static final String RUN_OK =
            "(c.channel = 'TRANSFER' OR coalesce(r.status = 'COMPLETED' AND (NOT c.carried OR r.finished_at < $2), false))";

    /**
     * Every payment and refund the batch looks at, judged settled or held (with why), into a temporary table dropped
     * at commit; the entries and the parts are made from it. Computed before anything is written: a statement that
     * read settlement_entry while inserting into it would, on a first day (the table empty, so estimated at one
     * row), rescan the rows it had inserted so far for every candidate.
     * <p>
     * Payments: the day's successes that are not duplicates (those are owed to the payer, not the unit), and those
     * held by an earlier batch; settled when the run of their channel and day completed and no discrepancy on them is
     * unresolved (one carried from an earlier day also needs its resolution before this day's end), held otherwise.
     * Refunds to payers of bills (a duplicate payment's refund never was the unit's money): the day's and those held
     * earlier; settled when their channel's run of their day completed, held otherwise. No fee comes back with a
     * refund. Parameters: $1 and $2 the business day [start, end) as instants, $3 channel names, $4 their fee rates
     * (bp).
     */
    static final String CANDIDATES = """
            CREATE TEMP TABLE settle_cand ON COMMIT DROP AS
            WITH rates AS (SELECT * FROM unnest($3::text[], $4::int[]) AS x(channel, bp)),
            pay AS (
                SELECT a.id, a.payment_id, a.channel, a.order_id, a.principal_fen, a.amount_fen, a.late_fee_fen,
                       a.paid_at, false AS carried
                FROM payment_attempt a
                WHERE a.status = 'SUCCEEDED' AND NOT a.duplicate AND a.paid_at >= $1 AND a.paid_at < $2
                  AND NOT EXISTS (SELECT 1 FROM settlement_entry s
                                  WHERE s.kind = 'PAYMENT' AND s.source_id = a.id AND NOT s.held)
                UNION ALL
                SELECT a.id, a.payment_id, a.channel, a.order_id, a.principal_fen, a.amount_fen, a.late_fee_fen,
                       a.paid_at, true
                FROM payment_attempt a
                WHERE a.id IN (SELECT h.source_id FROM settlement_entry h WHERE h.kind = 'PAYMENT' AND h.held)
                  AND a.paid_at < $1 AND a.status = 'SUCCEEDED' AND NOT a.duplicate
                  AND NOT EXISTS (SELECT 1 FROM settlement_entry s
                                  WHERE s.kind = 'PAYMENT' AND s.source_id = a.id AND NOT s.held)
            ),
            ref AS (
                SELECT f.id, f.channel, f.order_id, o.principal_fen, f.amount_fen, f.succeeded_at, false AS carried
                FROM refund f JOIN payment_order o ON o.id = f.order_id
                WHERE f.status = 'SUCCEEDED' AND f.kind = 'UNIT' AND f.succeeded_at >= $1 AND f.succeeded_at < $2
                  AND NOT EXISTS (SELECT 1 FROM settlement_entry s
                                  WHERE s.kind = 'REFUND' AND s.source_id = f.id AND NOT s.held)
                UNION ALL
                SELECT f.id, f.channel, f.order_id, o.principal_fen, f.amount_fen, f.succeeded_at, true
                FROM refund f JOIN payment_order o ON o.id = f.order_id
                WHERE f.id IN (SELECT h.source_id FROM settlement_entry h WHERE h.kind = 'REFUND' AND h.held)
                  AND f.succeeded_at < $1
                  AND NOT EXISTS (SELECT 1 FROM settlement_entry s
                                  WHERE s.kind = 'REFUND' AND s.source_id = f.id AND NOT s.held)
            ),
            unresolved AS (SELECT DISTINCT payment_id FROM discrepancy
                           WHERE status IN ('OPEN', 'PENDING_NEXT_DAY', 'SUSPENSE')),
            resolved_later AS (SELECT DISTINCT payment_id FROM discrepancy
                               WHERE status <> 'SUPERSEDED' AND resolved_at >= $2),
            pay_judged AS (
                SELECT c.*, %1$s AS run_ok,
                       u.payment_id IS NOT NULL OR (c.carried AND l.payment_id IS NOT NULL) AS disputed
                FROM pay c%2$s
                LEFT JOIN unresolved u ON u.payment_id = c.payment_id
                LEFT JOIN resolved_later l ON l.payment_id = c.payment_id
            ),
            ref_judged AS (SELECT c.*, %1$s AS run_ok FROM ref c%3$s)
            SELECT 'PAYMENT'::varchar(10) AS kind, j.id AS source_id, j.channel, j.order_id, j.principal_fen, j.amount_fen,
                   j.late_fee_fen AS late_fen, (j.amount_fen * coalesce(x.bp, 0) + 5000) / 10000 AS fee_fen,
                   NOT j.run_ok OR j.disputed AS held,
                   (CASE WHEN NOT j.run_ok THEN 'RUN_MISSING' WHEN j.disputed THEN 'DISCREPANCY' END)::varchar(20)
                       AS hold_reason,
                   j.carried AS carried_in
            FROM pay_judged j LEFT JOIN rates x ON x.channel = j.channel
            UNION ALL
            SELECT 'REFUND', j.id, j.channel, j.order_id, j.principal_fen, j.amount_fen, 0, 0, NOT j.run_ok,
                   CASE WHEN NOT j.run_ok THEN 'RUN_MISSING' END, j.carried
            FROM ref_judged j""".formatted(RUN_OK, runJoin("paid_at"), runJoin("succeeded_at"));

    /** The candidates recorded as the batch's entries ($1): the audit of what it settled and held. */
    static final String ENTRIES = """
            INSERT INTO settlement_entry (batch_id, kind, source_id, channel, amount_fen, fee_fen, held, hold_reason,
                                          carried_in)
            SELECT $1, kind, source_id, channel, amount_fen, fee_fen, held, hold_reason, carried_in
            FROM settle_cand""";

    /**
     * Each settled payment and refund apportioned to its bill's lines by line amount: every part is the floor of its
     * share, and the first line (lowest line number) takes what is left, so the parts sum to the whole. Amount, late
     * fee and channel fee are apportioned alike (a late fee follows its principal's item and destination). Summed per
     * item and channel into a temporary table dropped at commit.
     * <p>
     * Line amounts are positive and sum to the bill's principal, so a line of the whole principal is the bill's only
     * line: it takes everything, without the windows (and their sort) that the other bills' lines go through.
     */
    static final String PARTS = """
            CREATE TEMP TABLE settle_parts ON COMMIT DROP AS
            WITH lined AS MATERIALIZED (
                SELECT c.kind, c.source_id, c.channel, ol.item_id, ol.line_no, ol.amount_fen = c.principal_fen AS whole,
                       ol.amount_fen AS line_fen,
                       CASE WHEN c.kind = 'PAYMENT' THEN c.amount_fen ELSE 0 END AS gross, c.late_fen AS late,
                       CASE WHEN c.kind = 'REFUND' THEN c.amount_fen ELSE 0 END AS refund, c.fee_fen AS fee
                FROM settle_cand c JOIN order_line ol ON ol.order_id = c.order_id
                WHERE NOT c.held
            ),
            shares AS (
                SELECT s.*,
                       s.line_no = min(s.line_no) OVER w AS is_first,
                       s.gross * s.line_fen / (sum(s.line_fen) OVER w)::bigint AS g,
                       s.late * s.line_fen / (sum(s.line_fen) OVER w)::bigint AS l,
                       s.refund * s.line_fen / (sum(s.line_fen) OVER w)::bigint AS r,
                       s.fee * s.line_fen / (sum(s.line_fen) OVER w)::bigint AS f
                FROM lined s
                WHERE NOT s.whole
                WINDOW w AS (PARTITION BY s.kind, s.source_id)
            ),
            parts AS (
                SELECT item_id, channel, gross, late, refund, fee FROM lined WHERE whole
                UNION ALL
                SELECT item_id, channel,
                       g + CASE WHEN is_first THEN gross - sum(g) OVER w ELSE 0 END,
                       l + CASE WHEN is_first THEN late - sum(l) OVER w ELSE 0 END,
                       r + CASE WHEN is_first THEN refund - sum(r) OVER w ELSE 0 END,
                       f + CASE WHEN is_first THEN fee - sum(f) OVER w ELSE 0 END
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

    /** The lines per channel too (what a closed day reports by channel); their nets sum to the line's. */
    static final String CHANNEL_LINES = """
            INSERT INTO settlement_channel_line (batch_id, unit_id, item_id, channel, gross_fen, late_fee_fen,
                                                 refund_fen, fee_fen, net_fen)
            SELECT $1, ci.unit_id, p.item_id, p.channel, p.gross, p.late, p.refund, p.fee,
                   p.gross - p.refund - CASE WHEN ci.fee_deducted THEN p.fee ELSE 0 END
            FROM settle_parts p JOIN charge_item ci ON ci.id = p.item_id""";

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
                  FROM settle_cand) e
            WHERE b.id = $1""";
}
