package io.govclear.reconciliation;

import static io.govclear.reconciliation.DiscrepancyStatus.OPEN;
import static io.govclear.reconciliation.DiscrepancyStatus.PENDING_NEXT_DAY;
import static io.govclear.reconciliation.DiscrepancyStatus.RESOLVED;

/**
 * The set-wise matching statements of a run ({@link RunRepository#match}): a handful of statements over the whole
 * statement and the day's attempts and refunds, whatever their number. They insert discrepancies as OPEN or
 * PENDING_NEXT_DAY and move earlier days' PENDING_NEXT_DAY ones on; those moves are checked against
 * {@link DiscrepancyStatus#MACHINE} when this class loads.
 */
final class MatchSql {

    static {
        DiscrepancyStatus.MACHINE.event(PENDING_NEXT_DAY, RESOLVED); // FOUND_LATER
        DiscrepancyStatus.MACHINE.event(PENDING_NEXT_DAY, OPEN); // MISSING_TWICE
    }

    /** Statement payments against our attempts by payment id: every class except PLATFORM_ONLY. */
    static final String MATCH_STATEMENT = """
            WITH l AS (
                SELECT payment_id, sum(amount_fen) AS amount_fen, min(channel_trade_no) AS trade_no
                FROM statement_line WHERE run_id = $1 AND kind = 'PAYMENT' GROUP BY payment_id
            ), c AS (
                SELECT l.payment_id, l.amount_fen, l.trade_no, a.id AS attempt_id, a.status,
                       a.amount_fen AS platform_fen,
                       CASE WHEN a.id IS NULL THEN 'CHANNEL_ONLY'
                            WHEN a.status <> 'SUCCEEDED' THEN 'STATUS_MISMATCH'
                            WHEN a.duplicate THEN 'DUPLICATE_PAYMENT'
                            WHEN a.amount_fen <> l.amount_fen THEN 'AMOUNT_MISMATCH'
                            ELSE 'MATCHED' END AS class
                FROM l LEFT JOIN payment_attempt a ON a.payment_id = l.payment_id AND a.channel = $2
            ), d AS (
                INSERT INTO discrepancy (run_id, generation, class, status, payment_id, attempt_id, channel_trade_no,
                                         attempt_status, statement_fen, platform_fen, detail, created_at)
                SELECT $1::bigint, $3::integer, c.class, 'OPEN', c.payment_id, c.attempt_id, c.trade_no, c.status, c.amount_fen,
                       c.platform_fen,
                       CASE c.class WHEN 'CHANNEL_ONLY' THEN $5::text || 'the channel lists a payment we have no attempt for'
                                    WHEN 'STATUS_MISMATCH' THEN 'the channel says paid, we hold ' || c.status
                                    WHEN 'DUPLICATE_PAYMENT' THEN 'a second success for a bill already paid'
                                    ELSE $6::text || 'the channel lists ' || c.amount_fen || ' fen, we hold '
                                         || c.platform_fen
                       END, $4::timestamptz
                FROM c
                WHERE c.class <> 'MATCHED' AND NOT EXISTS (
                    SELECT 1 FROM discrepancy r WHERE r.run_id = $1 AND r.generation < $3 AND r.class = c.class
                                                  AND r.payment_id = c.payment_id AND r.refund_id IS NULL
                                                  AND r.status = 'RESOLVED')
                ON CONFLICT DO NOTHING
            )
            UPDATE reconciliation_run
            SET matched_count = (SELECT count(*) FROM c WHERE class = 'MATCHED'),
                matched_fen = (SELECT coalesce(sum(amount_fen), 0) FROM c WHERE class = 'MATCHED')
            WHERE id = $1""";

    /**
     * Our successes of the day that no statement of the channel lists (this file, or a neighbouring day's already
     * loaded): they wait for the next day's file (PENDING_NEXT_DAY), unless that day's run is done already or the
     * channel's file is final for its day ($8 false: a bank's day-end file) (OPEN).
     */
    static final String MATCH_PLATFORM = """
            INSERT INTO discrepancy (run_id, generation, class, status, payment_id, attempt_id, channel_trade_no,
                                     attempt_status, platform_fen, detail, created_at)
            SELECT $1::bigint, $3::integer, 'PLATFORM_ONLY',
                   CASE WHEN NOT $8::boolean OR EXISTS (SELECT 1 FROM reconciliation_run n WHERE n.channel = $2
                                     AND n.business_date = $7::date + 1 AND n.status = 'COMPLETED')
                        THEN 'OPEN' ELSE 'PENDING_NEXT_DAY' END,
                   a.payment_id, a.id, a.channel_trade_no, a.status, a.amount_fen,
                   $9::text || 'we hold a success the channel does not list', $4::timestamptz
            FROM payment_attempt a
            WHERE a.channel = $2 AND a.status = 'SUCCEEDED' AND a.paid_at >= $5 AND a.paid_at < $6
              AND NOT EXISTS (SELECT 1 FROM statement_line s JOIN reconciliation_run r ON r.id = s.run_id
                              WHERE s.payment_id = a.payment_id AND s.kind = 'PAYMENT' AND r.channel = $2)
              AND NOT EXISTS (SELECT 1 FROM discrepancy r WHERE r.run_id = $1 AND r.generation < $3
                              AND r.class = 'PLATFORM_ONLY' AND r.payment_id = a.payment_id
                              AND r.refund_id IS NULL AND r.status = 'RESOLVED')
            ON CONFLICT DO NOTHING""";

    /** Earlier days' missing successes (or refunds) that this file lists after all (crossed midnight): not missing. */
    static final String FOUND_LATER = """
            UPDATE discrepancy d
            SET status = 'RESOLVED', resolution = 'FOUND_NEXT_DAY', resolved_by = 'system', resolved_at = $4,
                detail = d.detail || '; listed in the statement of ' || to_char($3::date, 'YYYY-MM-DD')
            FROM reconciliation_run r
            WHERE d.run_id = r.id AND r.channel = $2 AND r.business_date < $3::date AND d.class = 'PLATFORM_ONLY'
              AND d.status = 'PENDING_NEXT_DAY'
              AND ((d.refund_id IS NULL AND EXISTS (SELECT 1 FROM statement_line s WHERE s.run_id = $1
                                                       AND s.payment_id = d.payment_id AND s.kind = 'PAYMENT'))
                   OR (d.refund_id IS NOT NULL AND EXISTS (SELECT 1 FROM statement_line s WHERE s.run_id = $1
                                                           AND s.refund_id = d.refund_id AND s.kind = 'REFUND')))""";

    /** The previous day's missing successes that this (next) day's file does not list either: now they count. */
    static final String MISSING_TWICE = """
            UPDATE discrepancy d SET status = 'OPEN', detail = d.detail || '; not in the next day''s statement either'
            FROM reconciliation_run r
            WHERE d.run_id = r.id AND r.channel = $1 AND r.business_date = $2::date - 1
              AND d.status = 'PENDING_NEXT_DAY'""";

    /**
     * Statement refunds against our refunds by refund id (the id the channel saw): MATCHED, CHANNEL_ONLY (no refund
     * of ours), STATUS_MISMATCH (we do not hold it SUCCEEDED: SUBMITTED waits for the channel's answer),
     * AMOUNT_MISMATCH. The discrepancy names the refunded payment (ours, else the line's) and the refund.
     */
    static final String MATCH_REFUNDS = """
            WITH l AS (
                SELECT refund_id, sum(amount_fen) AS amount_fen, min(payment_id) AS line_payment_id,
                       min(channel_trade_no) AS trade_no
                FROM statement_line WHERE run_id = $1 AND kind = 'REFUND' GROUP BY refund_id
            ), c AS (
                SELECT l.refund_id, l.amount_fen, l.trade_no, coalesce(a.payment_id, l.line_payment_id) AS payment_id,
                       f.attempt_id, f.status, f.amount_fen AS platform_fen,
                       CASE WHEN f.id IS NULL THEN 'CHANNEL_ONLY'
                            WHEN f.status <> 'SUCCEEDED' THEN 'STATUS_MISMATCH'
                            WHEN f.amount_fen <> l.amount_fen THEN 'AMOUNT_MISMATCH'
                            ELSE 'MATCHED' END AS class
                FROM l LEFT JOIN refund f ON f.refund_id = l.refund_id AND f.channel = $2
                       LEFT JOIN payment_attempt a ON a.id = f.attempt_id
            ), d AS (
                INSERT INTO discrepancy (run_id, generation, class, status, payment_id, refund_id, attempt_id,
                                         channel_trade_no, attempt_status, statement_fen, platform_fen, detail,
                                         created_at)
                SELECT $1::bigint, $3::integer, c.class, 'OPEN', c.payment_id, c.refund_id, c.attempt_id, c.trade_no,
                       c.status, c.amount_fen, c.platform_fen,
                       CASE c.class WHEN 'CHANNEL_ONLY' THEN 'the channel lists a refund we have no record of'
                                    WHEN 'STATUS_MISMATCH' THEN 'the channel says refunded, we hold ' || c.status
                                    ELSE 'the channel refunded ' || c.amount_fen || ' fen, we hold '
                                         || c.platform_fen
                       END, $4::timestamptz
                FROM c
                WHERE c.class <> 'MATCHED' AND NOT EXISTS (
                    SELECT 1 FROM discrepancy r WHERE r.run_id = $1 AND r.generation < $3 AND r.class = c.class
                                                  AND r.refund_id = c.refund_id AND r.status = 'RESOLVED')
                ON CONFLICT DO NOTHING
            )
            UPDATE reconciliation_run
            SET refund_matched_count = (SELECT count(*) FROM c WHERE class = 'MATCHED'),
                refund_matched_fen = (SELECT coalesce(sum(amount_fen), 0) FROM c WHERE class = 'MATCHED')
            WHERE id = $1""";

    /** Our refunds that succeeded that day and no statement of the channel lists: as for payments. */
    static final String MATCH_PLATFORM_REFUNDS = """
            INSERT INTO discrepancy (run_id, generation, class, status, payment_id, refund_id, attempt_id,
                                     channel_trade_no, attempt_status, platform_fen, detail, created_at)
            SELECT $1::bigint, $3::integer, 'PLATFORM_ONLY',
                   CASE WHEN NOT $8::boolean OR EXISTS (SELECT 1 FROM reconciliation_run n WHERE n.channel = $2
                                     AND n.business_date = $7::date + 1 AND n.status = 'COMPLETED')
                        THEN 'OPEN' ELSE 'PENDING_NEXT_DAY' END,
                   a.payment_id, f.refund_id, f.attempt_id, f.channel_refund_no, f.status, f.amount_fen,
                   'we hold a refund the channel does not list', $4::timestamptz
            FROM refund f JOIN payment_attempt a ON a.id = f.attempt_id
            WHERE f.channel = $2 AND f.status = 'SUCCEEDED' AND f.succeeded_at >= $5 AND f.succeeded_at < $6
              AND NOT EXISTS (SELECT 1 FROM statement_line s JOIN reconciliation_run r ON r.id = s.run_id
                              WHERE s.refund_id = f.refund_id AND s.kind = 'REFUND' AND r.channel = $2)
              AND NOT EXISTS (SELECT 1 FROM discrepancy r WHERE r.run_id = $1 AND r.generation < $3
                              AND r.class = 'PLATFORM_ONLY' AND r.refund_id = f.refund_id
                              AND r.status = 'RESOLVED')
            ON CONFLICT DO NOTHING""";

    static final String PLATFORM_REFUND_TOTALS = """
            UPDATE reconciliation_run SET platform_refund_count = x.n, platform_refund_fen = x.fen
            FROM (SELECT count(*) AS n, coalesce(sum(amount_fen), 0) AS fen FROM refund
                  WHERE channel = $2 AND status = 'SUCCEEDED' AND succeeded_at >= $3 AND succeeded_at < $4) x
            WHERE id = $1""";

    static final String PLATFORM_TOTALS = """
            UPDATE reconciliation_run SET platform_count = x.n, platform_fen = x.fen
            FROM (SELECT count(*) AS n, coalesce(sum(amount_fen), 0) AS fen FROM payment_attempt
                  WHERE channel = $2 AND status = 'SUCCEEDED' AND paid_at >= $3 AND paid_at < $4) x
            WHERE id = $1""";

    /**
     * Memory for the match transaction alone: a day's statement (a million lines) is grouped and joined in hashes
     * held in memory instead of sorts spilled to disk and a million index look-ups.
     */
    static final String MATCH_MEMORY = "SET LOCAL work_mem = '128MB'";

    private MatchSql() {
    }
}
