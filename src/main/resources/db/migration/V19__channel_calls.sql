-- Every question the engine put to a channel about a trade or a refund (query, close, refund, refund query) and the
-- answer, the ones that changed nothing included (channel/health/ChannelCallLog).
CREATE TABLE channel_call (
    id             bigserial PRIMARY KEY,
    called_at      timestamptz NOT NULL,
    channel        text        NOT NULL,
    operation      text        NOT NULL,
    payment_id     text        NOT NULL,
    refund_id      text,
    answer         text        NOT NULL,
    channel_status text,
    detail         text,
    took_ms        integer     NOT NULL
);
CREATE INDEX channel_call_payment ON channel_call (payment_id);

-- The bill's story (V16) gains the channel calls: the story so far is kept as bill_event_recorded and bill_event is
-- it with one more branch, so the view's definition is not copied (PostgreSQL pushes the bill's id into each branch).
ALTER VIEW bill_event RENAME TO bill_event_recorded;
CREATE VIEW bill_event AS
    SELECT order_id, at, kind, actor, detail FROM bill_event_recorded
    UNION ALL
    SELECT a.order_id, c.called_at, 'CHANNEL_CALL', c.channel,
           format('%s %s%s: %s%s%s (%s ms)', c.operation, c.payment_id, coalesce(' / ' || c.refund_id, ''), c.answer,
                  coalesce(' ' || c.channel_status, ''), coalesce(' — ' || c.detail, ''), c.took_ms)
    FROM channel_call c JOIN payment_attempt a ON a.payment_id = c.payment_id;
