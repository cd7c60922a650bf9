-- Reconciliation of UnionPay, the banks' day-end files and refunds: a discrepancy is about a payment or, when
-- refund_id is set, about one refund (of that payment); the run keeps the refund side's totals too.

ALTER TABLE discrepancy ADD COLUMN refund_id varchar(64);
ALTER TABLE discrepancy DROP CONSTRAINT discrepancy_run_id_generation_class_payment_id_key;
CREATE UNIQUE INDEX discrepancy_item ON discrepancy (run_id, generation, class, payment_id, coalesce(refund_id, ''));
CREATE INDEX discrepancy_refund ON discrepancy (refund_id) WHERE refund_id IS NOT NULL;

ALTER TABLE reconciliation_run
    ADD COLUMN refund_matched_count  integer,
    ADD COLUMN refund_matched_fen    bigint,
    ADD COLUMN platform_refund_count integer,
    ADD COLUMN platform_refund_fen   bigint;

-- statement refund lines by our refund id, and the refunds that succeeded on one channel and day
CREATE INDEX statement_line_refund ON statement_line (refund_id, run_id) WHERE kind = 'REFUND';
CREATE INDEX refund_succeeded ON refund (channel, succeeded_at) WHERE status = 'SUCCEEDED';
