-- Bulk catalog imports (catalog/admin/CatalogImports): a whole CSV or XLSX file of units and items is one proposal,
-- its payload the rows to apply (each unit created or edited, each item version added), approved in one transaction.
ALTER TABLE catalog_proposal DROP CONSTRAINT catalog_proposal_kind_check;
ALTER TABLE catalog_proposal ADD CONSTRAINT catalog_proposal_kind_check
    CHECK (kind IN ('UNIT_CREATE', 'UNIT_UPDATE', 'UNIT_SUSPEND', 'UNIT_REACTIVATE', 'UNIT_CLOSE', 'ITEM_VERSION',
                    'IMPORT'));

-- which of the unit's API keys signed the call that issued the bill (kept with the bill; api_nonce keeps it for every
-- call only as long as the nonce). Bills issued before V22 do not know.
ALTER TABLE payment_order ADD COLUMN signed_key_no integer;

-- the bill's story says which key signed its issue (the view of V16, renamed by V19; only the ISSUED branch differs)
CREATE OR REPLACE VIEW bill_event_recorded AS
    -- order: issued, and every status change with its event and reason
    SELECT o.id AS order_id, o.created_at AS at, 'ISSUED' AS kind, 'UNIT' AS actor,
           format('unit order %s, principal %s fen, due %s%s', o.unit_order_no, o.principal_fen, o.due_date,
                  coalesce(', signed with API key ' || o.signed_key_no, '')) AS detail
    FROM payment_order o
    UNION ALL
    SELECT c.order_id, c.changed_at, 'STATUS', NULL,
           format('%s → %s%s: %s', c.from_status, c.to_status, coalesce(' (' || c.event || ')', ''), c.reason)
    FROM order_status_change c
    UNION ALL
    -- payments: each checkout (with its routing reason and frozen late fee), each attempt's status change
    SELECT a.order_id, a.created_at, 'CHECKOUT', NULL,
           format('%s %s via %s: %s fen (late fee %s fen frozen); routing: %s', a.payment_id,
                  CASE WHEN a.duplicate THEN 'duplicate payment' ELSE 'payment' END, a.channel, a.amount_fen,
                  a.late_fee_fen, coalesce(a.routing_reason, '-'))
    FROM payment_attempt a
    UNION ALL
    SELECT a.order_id, s.changed_at, 'ATTEMPT', s.source,
           format('%s: %s → %s%s', a.payment_id, s.from_status, s.to_status, coalesce(' — ' || s.detail, ''))
    FROM attempt_status_change s JOIN payment_attempt a ON a.id = s.attempt_id
    UNION ALL
    -- every notify the channel sent for its payments, verified or refused and why
    SELECT a.order_id, n.received_at, 'NOTIFY', n.channel,
           format('%s notify %s: %s%s', n.channel,
                  CASE WHEN n.verified THEN 'verified' WHEN n.verified IS NULL THEN 'not yet processed'
                       ELSE 'refused' END,
                  coalesce(n.outcome, '-'), coalesce(' — ' || n.detail, ''))
    FROM channel_callback n JOIN payment_attempt a ON a.payment_id = n.payment_id
    UNION ALL
    -- the ledger: every entry that names the bill or one of its payments
    SELECT o.id, e.posted_at, 'LEDGER', NULL,
           format('%s %s: %s', e.entry_type, e.business_date, e.description)
    FROM journal_entry e JOIN payment_order o ON e.reference = o.payment_code
    UNION ALL
    SELECT a.order_id, e.posted_at, 'LEDGER', NULL,
           format('%s %s: %s', e.entry_type, e.business_date, e.description)
    FROM journal_entry e JOIN payment_attempt a ON e.reference = a.payment_id
    UNION ALL
    -- refunds: asked for, decided, sent, settled
    SELECT r.order_id, r.created_at, 'REFUND', r.kind,
           format('%s of %s fen asked: %s', r.refund_id, r.amount_fen, coalesce(r.reason, '-'))
    FROM refund r
    UNION ALL
    SELECT r.order_id, s.changed_at, 'REFUND_STATUS', s.source,
           format('%s: %s → %s%s', r.refund_id, coalesce(s.from_status, '-'), s.to_status,
                  coalesce(' — ' || s.detail, ''))
    FROM refund_status_change s JOIN refund r ON r.id = s.refund_id
    UNION ALL
    -- the receipt
    SELECT r.order_id, r.issued_at, 'RECEIPT', NULL,
           format('receipt %s, check code %s, %s fen', r.receipt_no, r.check_code, r.total_fen)
    FROM receipt r
    UNION ALL
    -- what the unit was told, and each delivery attempt
    SELECT w.order_id, w.created_at, 'WEBHOOK', NULL, format('%s (%s) queued for the unit', w.type, w.order_status)
    FROM webhook_event w
    UNION ALL
    SELECT w.order_id, d.attempted_at, 'WEBHOOK_DELIVERY', NULL,
           format('%s attempt %s: %s%s', w.type, d.attempt_no, coalesce(d.status_code::text, 'no answer'),
                  coalesce(' — ' || d.error, ''))
    FROM webhook_delivery d JOIN webhook_event w ON w.id = d.event_id
    UNION ALL
    -- reconciliation findings on its payments, and how they were resolved
    SELECT a.order_id, d.created_at, 'RECONCILIATION', d.resolved_by,
           format('%s %s (run %s)%s', d.class, d.status, d.run_id,
                  coalesce(', ' || d.resolution || ' by ' || d.resolved_by, ''))
    FROM discrepancy d JOIN payment_attempt a ON a.id = d.attempt_id
    UNION ALL
    -- the settlement batch its payments and refunds went into
    SELECT a.order_id, b.created_at, 'SETTLEMENT', NULL,
           format('payment %s in the settlement of %s (%s)%s', a.payment_id, b.business_date, b.status,
                  CASE WHEN e.held THEN ', held: ' || coalesce(e.hold_reason, '-') ELSE '' END)
    FROM settlement_entry e JOIN payment_attempt a ON e.kind = 'PAYMENT' AND a.id = e.source_id
         JOIN settlement_batch b ON b.id = e.batch_id
    UNION ALL
    -- people's and units' actions on the bill and its refunds, from the audit log
    SELECT o.id, v.occurred_at, 'AUDIT', v.actor_type || ' ' || v.actor,
           format('%s%s', v.action, coalesce(' ' || v.details::text, ''))
    FROM audit_event v JOIN payment_order o ON v.subject_type = 'ORDER' AND v.subject_id = o.payment_code
    UNION ALL
    SELECT r.order_id, v.occurred_at, 'AUDIT', v.actor_type || ' ' || v.actor,
           format('%s%s', v.action, coalesce(' ' || v.details::text, ''))
    FROM audit_event v JOIN refund r ON v.subject_type = 'REFUND' AND v.subject_id = r.refund_id;
