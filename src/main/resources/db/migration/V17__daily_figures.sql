-- The console dashboard's figures, kept up to date in the same transaction as the payments and refunds they count
-- (triggers), so a dashboard never runs a GROUP BY over the live bills. Per business day (Asia/Shanghai), unit,
-- channel and charge category (the category of the bill's first line); the notify delay is the time from when the
-- channel says the payer paid (paid_at) to when the engine booked it (the success's own update), whether a notify
-- or a query brought the news, summed for an average. Each key is spread over eight slots (by the
-- row id) so that concurrent payments of one unit and channel do not queue on one row's lock; readers sum the slots.
CREATE TABLE daily_figure (
    business_date  date        NOT NULL,
    unit_id        bigint      NOT NULL,
    channel        varchar(20) NOT NULL,
    category       varchar(20) NOT NULL,
    slot           smallint    NOT NULL,
    attempts       bigint      NOT NULL DEFAULT 0,
    paid_count     bigint      NOT NULL DEFAULT 0,
    paid_fen       bigint      NOT NULL DEFAULT 0,
    refund_count   bigint      NOT NULL DEFAULT 0,
    refund_fen     bigint      NOT NULL DEFAULT 0,
    delay_ms_sum   bigint      NOT NULL DEFAULT 0,
    delay_count    bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (business_date, unit_id, channel, category, slot)
);

CREATE FUNCTION bill_category(p_order_id bigint) RETURNS varchar LANGUAGE sql STABLE AS $$
    SELECT i.category FROM order_line l JOIN charge_item i ON i.id = l.item_id
    WHERE l.order_id = p_order_id ORDER BY l.line_no LIMIT 1
$$;

CREATE FUNCTION add_daily_figure(p_date date, p_unit bigint, p_channel varchar, p_category varchar, p_slot int,
        p_attempts bigint, p_paid_count bigint, p_paid_fen bigint, p_refund_count bigint, p_refund_fen bigint,
        p_delay_ms bigint, p_delay_count bigint)
        RETURNS void LANGUAGE sql AS $$
    INSERT INTO daily_figure AS f (business_date, unit_id, channel, category, slot, attempts, paid_count, paid_fen,
                                   refund_count, refund_fen, delay_ms_sum, delay_count)
    VALUES (p_date, p_unit, p_channel, coalesce(p_category, '-'), p_slot, p_attempts, p_paid_count, p_paid_fen,
            p_refund_count, p_refund_fen, p_delay_ms, p_delay_count)
    ON CONFLICT (business_date, unit_id, channel, category, slot) DO UPDATE SET
        attempts = f.attempts + excluded.attempts,
        paid_count = f.paid_count + excluded.paid_count,
        paid_fen = f.paid_fen + excluded.paid_fen,
        refund_count = f.refund_count + excluded.refund_count,
        refund_fen = f.refund_fen + excluded.refund_fen,
        delay_ms_sum = f.delay_ms_sum + excluded.delay_ms_sum,
        delay_count = f.delay_count + excluded.delay_count
$$;

-- a checkout opened; a payment that succeeded (a duplicate payment is not the bill's: refunded, never collected),
-- with its delay; one that stopped being a success (a bank counter's reversal) is taken back from its day. Any other
-- status change (CREATED → PENDING, → CLOSED…) counts nothing and looks nothing up.
CREATE FUNCTION attempt_daily_figure() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_succeeded boolean := NOT NEW.duplicate AND NEW.status = 'SUCCEEDED'
                           AND (TG_OP = 'INSERT' OR OLD.status <> 'SUCCEEDED');
    v_reversed boolean := TG_OP = 'UPDATE' AND NOT OLD.duplicate AND OLD.status = 'SUCCEEDED'
                          AND NEW.status <> 'SUCCEEDED';
    v_unit bigint;
    v_category varchar;
BEGIN
    IF TG_OP = 'UPDATE' AND NOT v_succeeded AND NOT v_reversed THEN
        RETURN NULL;
    END IF;
    SELECT unit_id INTO v_unit FROM payment_order WHERE id = NEW.order_id;
    v_category := bill_category(NEW.order_id);
    IF TG_OP = 'INSERT' THEN
        PERFORM add_daily_figure((NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date, v_unit, NEW.channel, v_category,
                                 (NEW.id % 8)::int, 1, 0, 0, 0, 0, 0, 0);
    END IF;
    IF v_succeeded THEN
        PERFORM add_daily_figure((coalesce(NEW.paid_at, NEW.updated_at) AT TIME ZONE 'Asia/Shanghai')::date, v_unit,
                                 NEW.channel, v_category, (NEW.id % 8)::int, 0, 1, NEW.amount_fen, 0, 0,
                                 coalesce(greatest(0, (extract(epoch FROM NEW.updated_at - NEW.paid_at) * 1000)::bigint), 0),
                                 CASE WHEN NEW.paid_at IS NULL THEN 0 ELSE 1 END);
    ELSIF v_reversed THEN
        PERFORM add_daily_figure((coalesce(OLD.paid_at, OLD.updated_at) AT TIME ZONE 'Asia/Shanghai')::date, v_unit,
                                 OLD.channel, v_category, (OLD.id % 8)::int, 0, -1, -OLD.amount_fen, 0, 0, 0, 0);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER payment_attempt_daily_figure AFTER INSERT OR UPDATE OF status ON payment_attempt
    FOR EACH ROW EXECUTE FUNCTION attempt_daily_figure();

-- a refund of a bill's payment that the channel carried out (a duplicate payment's refund gives back money that was
-- never counted as collected)
CREATE FUNCTION refund_daily_figure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'SUCCEEDED' AND OLD.status <> 'SUCCEEDED' AND NEW.duplicate_payment_id IS NULL THEN
        PERFORM add_daily_figure((coalesce(NEW.succeeded_at, NEW.updated_at) AT TIME ZONE 'Asia/Shanghai')::date,
                                 (SELECT unit_id FROM payment_order WHERE id = NEW.order_id), NEW.channel, bill_category(NEW.order_id), (NEW.id % 8)::int,
                                 0, 0, 0, 1, NEW.amount_fen, 0, 0);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER refund_daily_figure AFTER UPDATE OF status ON refund
    FOR EACH ROW EXECUTE FUNCTION refund_daily_figure();

-- what happened before this migration
INSERT INTO daily_figure (business_date, unit_id, channel, category, slot, attempts)
SELECT (a.created_at AT TIME ZONE 'Asia/Shanghai')::date, o.unit_id, a.channel, coalesce(bill_category(a.order_id), '-'),
       0, count(*)
FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id
GROUP BY 1, 2, 3, 4;
INSERT INTO daily_figure AS f (business_date, unit_id, channel, category, slot, paid_count, paid_fen)
SELECT (coalesce(a.paid_at, a.updated_at) AT TIME ZONE 'Asia/Shanghai')::date, o.unit_id, a.channel,
       coalesce(bill_category(a.order_id), '-'), 0, count(*), sum(a.amount_fen)
FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id
WHERE a.status = 'SUCCEEDED' AND NOT a.duplicate
GROUP BY 1, 2, 3, 4
ON CONFLICT (business_date, unit_id, channel, category, slot) DO UPDATE SET
    paid_count = f.paid_count + excluded.paid_count, paid_fen = f.paid_fen + excluded.paid_fen;
INSERT INTO daily_figure AS f (business_date, unit_id, channel, category, slot, refund_count, refund_fen)
SELECT (coalesce(r.succeeded_at, r.updated_at) AT TIME ZONE 'Asia/Shanghai')::date, o.unit_id, r.channel,
       coalesce(bill_category(r.order_id), '-'), 0, count(*), sum(r.amount_fen)
FROM refund r JOIN payment_order o ON o.id = r.order_id
WHERE r.status = 'SUCCEEDED' AND r.duplicate_payment_id IS NULL
GROUP BY 1, 2, 3, 4
ON CONFLICT (business_date, unit_id, channel, category, slot) DO UPDATE SET
    refund_count = f.refund_count + excluded.refund_count, refund_fen = f.refund_fen + excluded.refund_fen;
